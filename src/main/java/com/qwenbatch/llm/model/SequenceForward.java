package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One sequence through the model from scratch, no cache reuse: the plain causal path used
 * by the {@code model logits} command and as the baseline that cached and batched paths
 * must match.
 */
public final class SequenceForward {

	private SequenceForward() {
	}

	/** Logits [positions.length][vocab] after each requested position of {@code ids}. */
	public static float[][] logits(QwenModel model, int[] ids, int[] positions) {
		int n = ids.length;
		long[] tokens = new long[n];
		long[] rotary = new long[n];
		float[] mask = new float[n * n];
		for (int t = 0; t < n; t++) {
			tokens[t] = ids[t];
			rotary[t] = t;
			for (int k = t + 1; k < n; k++) {
				mask[t * n + k] = ForwardInput.MASKED;
			}
		}
		long[] rows = new long[positions.length];
		for (int i = 0; i < positions.length; i++) {
			rows[i] = positions[i];
		}
		try (NDManager scope = model.manager().newSubManager()) {
			NDArray logits = model.forward(new ForwardInput(1, n, tokens, rotary, mask, 0, rows),
					new OneShotStore(model.config()), scope);
			float[] flat = logits.toFloatArray();
			int vocab = model.config().vocabSize();
			float[][] out = new float[positions.length][vocab];
			for (int i = 0; i < positions.length; i++) {
				System.arraycopy(flat, i * vocab, out[i], 0, vocab);
			}
			return out;
		}
	}

	/** Holds each layer's keys and values for the one block that is written. */
	private static final class OneShotStore implements KeyValueStore {

		private final NDArray[] keys;

		private final NDArray[] values;

		OneShotStore(QwenConfig config) {
			this.keys = new NDArray[config.numLayers()];
			this.values = new NDArray[config.numLayers()];
		}

		@Override
		public void write(int layer, int column, NDArray k, NDArray v) {
			if (column != 0) {
				throw new IllegalStateException("a one-shot forward writes column 0 only");
			}
			this.keys[layer] = k;
			this.values[layer] = v;
		}

		@Override
		public NDArray keys(int layer, int length) {
			return this.keys[layer];
		}

		@Override
		public NDArray values(int layer, int length) {
			return this.values[layer];
		}

	}

}
