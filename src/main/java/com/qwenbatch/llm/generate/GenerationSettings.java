package com.qwenbatch.llm.generate;

import java.util.List;

/**
 * How one row is generated. {@code temperature} 0 means greedy. {@code exactLength} is
 * for benchmarks: random weights would otherwise stop at arbitrary points.
 */
public record GenerationSettings(int maxNewTokens, double temperature, double topP, int topK, double repetitionPenalty,
		List<String> stopStrings, boolean exactLength) {

	public GenerationSettings {
		if (maxNewTokens < 1) {
			throw new IllegalArgumentException("max new tokens must be at least 1, was " + maxNewTokens);
		}
		stopStrings = List.copyOf(stopStrings);
	}

	public static GenerationSettings greedy(int maxNewTokens) {
		return new GenerationSettings(maxNewTokens, 0, 1.0, 0, 1.0, List.of(), false);
	}

	public GenerationSettings withExactLength(boolean ignore) {
		return new GenerationSettings(this.maxNewTokens, this.temperature, this.topP, this.topK, this.repetitionPenalty,
				this.stopStrings, ignore);
	}

	public GenerationSettings withMaxNewTokens(int max) {
		return new GenerationSettings(max, this.temperature, this.topP, this.topK, this.repetitionPenalty,
				this.stopStrings, this.exactLength);
	}

	/** A fresh sampler for one row; the seed makes a sampled row reproducible. */
	public Sampler newSampler(long seed) {
		return this.temperature <= 0 ? new GreedySampler()
				: new NucleusSampler(this.temperature, this.topK, this.topP, seed);
	}

}
