package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * A projection with W [out, in] in F32, reordered once into oneDNN's blocked layout
 * ({@link DecoderLayerScript#pack}) and multiplied there; no bias.
 *
 * @param script the module that multiplies
 * @param packed W, reordered
 */
record OneDnnProjection(DecoderLayerScript script, NDArray packed) implements Projection {

	@Override
	public NDArray apply(NDArray x) {
		return this.script.project(x, this.packed);
	}

}
