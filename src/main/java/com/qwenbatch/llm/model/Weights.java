package com.qwenbatch.llm.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Everything that never changes after loading. {@code lmHead} multiplies by its own copy
 * of the embedding table when the checkpoint ties them (the lookup reads the checkpoint).
 * All arrays live in {@code manager}; closing it (and the layer script) frees the model.
 */
public record Weights(TokenEmbedding embedding, List<LayerWeights> layers, NDArray finalNorm, Projection lmHead,
		WeightFormat format, NDManager manager, DecoderLayerScript layerScript) implements AutoCloseable {

	@Override
	public void close() {
		this.embedding.close();
		this.layerScript.close();
		this.manager.close();
	}

}
