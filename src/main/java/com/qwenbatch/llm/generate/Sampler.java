package com.qwenbatch.llm.generate;

/**
 * Picks the next token from one row's logits. Stateful samplers own their seeded random
 * source.
 */
@FunctionalInterface
public interface Sampler {

	int sample(float[] logits);

}
