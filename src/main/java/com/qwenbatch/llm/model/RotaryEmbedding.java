package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The angles of the rotary position embedding, in Hugging Face's rotate_half convention:
 * the head dimension is split into two halves that rotate together,
 * {@code x*cos + rotate_half(x)*sin} (applied by the decoder layer's script).
 */
final class RotaryEmbedding {

	private final NDArray cos;

	private final NDArray sin;

	/** positions: [batch, T] (int64). cos/sin come out as [batch, 1, T, headDim]. */
	RotaryEmbedding(NDArray inverseFrequencies, NDArray positions) {
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

	/** [batch, 1, T, headDim] */
	NDArray cos() {
		return this.cos;
	}

	/** [batch, 1, T, headDim] */
	NDArray sin() {
		return this.sin;
	}

}
