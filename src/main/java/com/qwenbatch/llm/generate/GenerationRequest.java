package com.qwenbatch.llm.generate;

/**
 * One row to generate: prompt ids, how many leading ids may be shared with other rows of
 * the batch (0 when unknown), settings and the sampling seed.
 */
public record GenerationRequest(int[] promptIds, int sharedPrefixLength, GenerationSettings settings, long seed) {

	public GenerationRequest {
		if (promptIds.length == 0) {
			throw new IllegalArgumentException("a prompt needs at least one token");
		}
		if (sharedPrefixLength < 0 || sharedPrefixLength > promptIds.length) {
			throw new IllegalArgumentException("sharedPrefixLength out of range");
		}
	}

}
