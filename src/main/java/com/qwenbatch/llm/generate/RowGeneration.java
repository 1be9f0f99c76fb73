package com.qwenbatch.llm.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.qwenbatch.llm.tokenizer.QwenTokenizer;

/**
 * One row's state during generation: tokens so far, its sampler, and whether and why it
 * stopped.
 */
final class RowGeneration {

	private final GenerationRequest request;

	private final Set<Integer> eosIds;

	private final QwenTokenizer tokenizer;

	private final Sampler sampler;

	private final RepetitionPenalty penalty;

	private final List<Integer> seen = new ArrayList<>();

	private final List<Integer> generated = new ArrayList<>();

	private StopReason stopReason;

	RowGeneration(GenerationRequest request, Set<Integer> eosIds, QwenTokenizer tokenizer) {
		this.request = request;
		this.eosIds = eosIds;
		this.tokenizer = tokenizer;
		this.sampler = request.settings().newSampler(request.seed());
		this.penalty = new RepetitionPenalty(request.settings().repetitionPenalty());
		for (int id : request.promptIds()) {
			this.seen.add(id);
		}
	}

	boolean finished() {
		return this.stopReason != null;
	}

	long lastToken() {
		return this.generated.get(this.generated.size() - 1);
	}

	void accept(float[] logits) {
		if (finished()) {
			return;
		}
		this.penalty.apply(logits, this.seen);
		int token = this.sampler.sample(logits);
		this.generated.add(token);
		this.seen.add(token);
		GenerationSettings settings = this.request.settings();
		if (!settings.exactLength() && this.eosIds.contains(token)) {
			this.stopReason = StopReason.EOS;
		}
		else if (!settings.stopStrings().isEmpty() && stopStringIndex(decode()) >= 0) {
			this.stopReason = StopReason.STOP_STRING;
		}
		else if (this.generated.size() >= settings.maxNewTokens()) {
			this.stopReason = StopReason.LENGTH;
		}
	}

	GenerationResult result() {
		String decoded = decode();
		int stop = stopStringIndex(decoded);
		String finalText = stop >= 0 ? decoded.substring(0, stop) : decoded;
		int[] ids = this.generated.stream().mapToInt(Integer::intValue).toArray();
		return new GenerationResult(ids, finalText, this.stopReason == null ? StopReason.LENGTH : this.stopReason,
				this.request.promptIds().length);
	}

	private String decode() {
		return this.tokenizer.decode(this.generated.stream().mapToInt(Integer::intValue).toArray(), true);
	}

	private int stopStringIndex(String decoded) {
		int best = -1;
		for (String stop : this.request.settings().stopStrings()) {
			int at = decoded.indexOf(stop);
			if (at >= 0 && (best < 0 || at < best)) {
				best = at;
			}
		}
		return best;
	}

}
