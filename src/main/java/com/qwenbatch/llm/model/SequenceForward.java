package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

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
					new OneShotStore(model.config(), n, scope), scope);
			float[] flat = logits.toFloatArray();
			int vocab = model.config().vocabSize();
			float[][] out = new float[positions.length][vocab];
			for (int i = 0; i < positions.length; i++) {
				System.arraycopy(flat, i * vocab, out[i], 0, vocab);
			}
			return out;
		}
	}

	/** Each layer's keys and values for the one block that is written, from column 0. */
	private static final class OneShotStore implements KeyValueStore {

		private final NDArray[] keys;

		private final NDArray[] values;

		OneShotStore(QwenConfig config, int columns, NDManager manager) {
			this.keys = new NDArray[config.numLayers()];
			this.values = new NDArray[config.numLayers()];
			Shape shape = new Shape(1, config.numKeyValueHeads(), columns, config.headDim());
			for (int i = 0; i < this.keys.length; i++) {
				this.keys[i] = manager.zeros(shape);
				this.values[i] = manager.zeros(shape);
			}
		}

		@Override
		public NDArray keys(int layer) {
			return this.keys[layer];
		}

		@Override
		public NDArray values(int layer) {
			return this.values[layer];
		}

	}

}
