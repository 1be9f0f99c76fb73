package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * A projection multiplied by the decoder layer's own {@code project} (W reordered for
 * oneDNN by {@link DecoderLayerScript#pack}, F32 or BF16); no bias.
 *
 * @param script the module that multiplies
 * @param weight W [out, in] as the script takes it
 */
record ScriptProjection(DecoderLayerScript script, NDArray weight) implements Projection {

	@Override
	public NDArray apply(NDArray x) {
		return this.script.project(x, this.weight, null);
	}

}
