package com.qwenbatch.llm.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Everything that never changes after loading. {@code lmHead} is the embedding table
 * itself when the checkpoint ties them. All arrays live in {@code manager}; closing it
 * frees the model.
 */
public record Weights(NDArray embedding, List<LayerWeights> layers, NDArray finalNorm, NDArray lmHead,
		NDManager manager) implements AutoCloseable {

	@Override
	public void close() {
		this.manager.close();
	}

}
