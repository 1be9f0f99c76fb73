package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * y = x·Wᵀ + b over the last axis, x and y in F32. How W is held and multiplied is the
 * one thing precision changes; the decoder code only calls {@link #apply}.
 */
public interface Projection {

	/** x: [..., in] -> [..., out] */
	NDArray apply(NDArray x);

}
