package com.qwenbatch.llm;

import java.util.List;

/**
 * How the model generates a text answer. {@code temperature} 0 is greedy.
 * {@code exactLength} (benchmarks only) generates exactly {@code maxNewTokens} tokens,
 * ignoring end-of-text and stop strings, since random weights would stop at arbitrary
 * points.
 */
public record GenerationOptions(int maxNewTokens, double temperature, double topP, int topK, double repetitionPenalty,
		List<String> stopStrings, boolean exactLength) {

	public GenerationOptions {
		stopStrings = List.copyOf(stopStrings);
	}

	public static GenerationOptions greedy(int maxNewTokens) {
		return new GenerationOptions(maxNewTokens, 0, 1.0, 0, 1.0, List.of(), false);
	}

}
