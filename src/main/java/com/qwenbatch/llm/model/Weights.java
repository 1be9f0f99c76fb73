package com.qwenbatch.llm.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Everything that never changes after loading. {@code lmHead} multiplies by the embedding
 * table itself when the checkpoint ties them. All arrays live in {@code manager}; closing
 * it (and the modules) frees the model.
 */
public record Weights(TokenEmbedding embedding, List<LayerWeights> layers, NDArray finalNorm, Projection lmHead,
		WeightFormat format, NDManager manager, Bf16Ops ops, DecoderLayerScript layerScript) implements AutoCloseable {

	@Override
	public void close() {
		this.layerScript.close();
		if (this.ops != null) {
			this.ops.close();
		}
		this.manager.close();
	}

}
