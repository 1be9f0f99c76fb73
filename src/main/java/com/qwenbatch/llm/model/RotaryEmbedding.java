package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Rotary position embedding in Hugging Face's rotate_half convention: the head dimension
 * is split into two halves that rotate together, {@code x*cos + rotate_half(x)*sin}.
 */
final class RotaryEmbedding {

	private final NDArray cos;

	private final NDArray sin;

	private final int half;

	/** positions: [batch, T] (int64). cos/sin come out as [batch, 1, T, headDim]. */
	RotaryEmbedding(NDArray inverseFrequencies, NDArray positions, int headDim) {
		this.half = headDim / 2;
		// freqs[b, t, i] = position[b, t] * invFreq[i]; emb = cat(freqs, freqs)
		NDArray freqs = positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(inverseFrequencies);
		NDArray emb = NDArrays.concat(new ai.djl.ndarray.NDList(freqs, freqs), -1).expandDims(1);
		this.cos = emb.cos();
		this.sin = emb.sin();
	}

	static NDArray inverseFrequencies(NDManager manager, int headDim, double theta) {
		float[] inv = new float[headDim / 2];
		for (int i = 0; i < inv.length; i++) {
			inv[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
		}
		return manager.create(inv);
	}

	/** x: [batch, heads, T, headDim] -> same shape, rotated by each token's position. */
	NDArray apply(NDArray x) {
		NDArray firstHalf = x.get(new NDIndex("..., :{}", this.half));
		NDArray secondHalf = x.get(new NDIndex("..., {}:", this.half));
		NDArray rotated = NDArrays.concat(new ai.djl.ndarray.NDList(secondHalf.neg(), firstHalf), -1);
		return x.mul(this.cos).add(rotated.mul(this.sin));
	}

}
