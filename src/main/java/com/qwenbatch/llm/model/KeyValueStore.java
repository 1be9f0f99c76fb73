package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * Where attention keeps keys and values between forward calls. Keys are stored after the
 * rotary embedding, so a cached column never needs its position again.
 */
public interface KeyValueStore {

	/**
	 * Layer {@code layer}'s key columns, [batch, kvHeads, capacity, headDim]: the forward
	 * writes a block's keys into them in place and reads every column up to the block's
	 * end.
	 */
	NDArray keys(int layer);

	/** Layer {@code layer}'s value columns, as {@link #keys}. */
	NDArray values(int layer);

	/**
	 * Columns in front of the per-row ones that every row may attend to, stored once; 0:
	 * none.
	 */
	default int sharedColumns() {
		return 0;
	}

	/** Keys of the shared columns: [1, kvHeads, sharedColumns, headDim]. */
	default NDArray sharedKeys(int layer) {
		throw new IllegalStateException("no shared columns");
	}

	/** Values of the shared columns: [1, kvHeads, sharedColumns, headDim]. */
	default NDArray sharedValues(int layer) {
		throw new IllegalStateException("no shared columns");
	}

}
