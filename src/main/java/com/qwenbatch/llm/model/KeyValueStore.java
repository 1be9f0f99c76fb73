package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * Where attention keeps keys and values between forward calls. Keys are stored after the
 * rotary embedding, so a cached column never needs its position again.
 */
public interface KeyValueStore {

	/**
	 * Writes {@code keys}/{@code values} [batch, kvHeads, T, headDim] into columns
	 * [column, column+T).
	 */
	void write(int layer, int column, NDArray keys, NDArray values);

	/** Keys of columns [0, length): [batch, kvHeads, length, headDim]. */
	NDArray keys(int layer, int length);

	/** Values of columns [0, length): [batch, kvHeads, length, headDim]. */
	NDArray values(int layer, int length);

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
