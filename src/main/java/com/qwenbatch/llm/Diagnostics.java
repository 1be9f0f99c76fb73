package com.qwenbatch.llm;

import java.util.List;
import java.util.Locale;

import com.qwenbatch.llm.generate.GenerationRequest;
import com.qwenbatch.llm.generate.GenerationResult;
import com.qwenbatch.llm.generate.InferenceStats;
import com.qwenbatch.llm.model.SequenceForward;
import com.qwenbatch.llm.tokenizer.ChatPrompt;

/**
 * The engine's diagnostic calls, for the {@code model} and {@code bench} commands: what
 * the job never needs (raw token ids, full logits, counters), kept off the facade the job
 * uses.
 */
public final class Diagnostics {

	private final QwenEngine engine;

	Diagnostics(QwenEngine engine) {
		this.engine = engine;
	}

	public int vocabularySize() {
		return this.engine.model().config().vocabSize();
	}

	/** Parameters of the decoder layers (what a token's forward multiplies by, twice). */
	public long nonEmbeddingParameters() {
		return this.engine.model().config().nonEmbeddingParameters();
	}

	/** The chat template applied to a system and a user message, as token ids. */
	public ChatIds chat(String system, String user) {
		ChatPrompt chat = this.engine.chatTemplate().render(system, user);
		return new ChatIds(chat.ids(), chat.sharedPrefixLength());
	}

	/** One answer generated after {@code ids}, alone in its batch. */
	public Generated generate(int[] ids, int sharedPrefixLength, GenerationOptions options, long seed) {
		GenerationResult result = this.engine.generator()
			.generate(List.of(new GenerationRequest(ids, sharedPrefixLength, QwenEngine.settings(options), seed)))
			.get(0);
		return new Generated(result.tokenIds(), result.text(), result.stopReason().name().toLowerCase(Locale.ROOT));
	}

	/** Each candidate's summed log-probability after {@code prompt}. */
	public double[] score(int[] prompt, List<int[]> candidates) {
		return this.engine.labelScorer().score(new int[][] { prompt }, new int[] { 0 }, candidates).get(0).logProbs();
	}

	public Counters counters() {
		InferenceStats stats = this.engine.stats();
		return new Counters(stats.prefillTokens(), stats.prefillSeconds(), stats.decodeTokens(), stats.decodeSeconds(),
				stats.steps(), stats.readbackSeconds(), stats.samplingSeconds());
	}

	public void resetCounters() {
		this.engine.stats().reset();
	}

	/**
	 * Next-token logits after the last of {@code ids}, from a full forward without reuse.
	 */
	public float[] lastLogits(int[] ids) {
		return SequenceForward.logits(this.engine.model(), ids, new int[] { ids.length - 1 })[0];
	}

	/**
	 * A chat prompt as token ids; the first {@code sharedPrefixLength} ids are the same
	 * for every comment.
	 */
	public record ChatIds(int[] ids, int sharedPrefixLength) {
	}

	/**
	 * One generated answer: its new token ids (EOS included when produced), text and why
	 * it stopped.
	 */
	public record Generated(int[] tokenIds, String text, String stopReason) {
	}

	/**
	 * Tokens and seconds spent prefilling and decoding since the last reset, and over the
	 * decode steps (each step's first-token or next-token logits read back and sampled)
	 * the seconds outside the forward pass.
	 */
	public record Counters(long prefillTokens, double prefillSeconds, long decodeTokens, double decodeSeconds,
			long steps, double readbackSeconds, double samplingSeconds) {
	}

}
