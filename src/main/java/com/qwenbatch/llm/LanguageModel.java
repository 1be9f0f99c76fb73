package com.qwenbatch.llm;

import java.util.List;

/**
 * What the analysis job needs from a model, for a whole batch of rows at once.
 * Implementations batch, share prompt prefixes and keep control tokens out of user text.
 */
public interface LanguageModel extends AutoCloseable {

	/** Identifies the weights (repo id or directory) for the results table. */
	String modelId();

	/**
	 * Which weights answer: the {@link ModelFingerprint} of the model's files (the same
	 * id can name other weights on another machine).
	 */
	String fingerprint();

	/** The precision the weights are held and multiplied in, and why it was chosen. */
	PrecisionChoice precision();

	/**
	 * Ranks each row's allowed answers after its prompt (label scoring: no free
	 * generation). Rows may have different answers (one language's words each), the same
	 * number of them.
	 */
	List<Classification> classify(List<Prompt> prompts, List<List<String>> answersPerRow);

	/** {@link #classify} with the same answers for every row. */
	default List<Classification> classifyAll(List<Prompt> prompts, List<String> answers) {
		return classify(prompts, java.util.Collections.nCopies(prompts.size(), answers));
	}

	/**
	 * Generates one answer per prompt with that row's options; {@code seeds[i]} makes row
	 * i's sampling reproducible.
	 */
	List<Completion> complete(List<Prompt> prompts, List<GenerationOptions> options, long[] seeds);

	/** Token ids of plain text, as it would appear in a user turn. */
	int[] tokenize(String text);

	/** The exact ChatML text and its token count, as the model will see the prompt. */
	RenderedChat render(Prompt prompt);

	@Override
	void close();

	/** A prompt as the model sees it. */
	record RenderedChat(String chatMl, int tokenCount) {
	}

}
