package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Attention against key/value columns stored once for all rows (a shared system prompt):
 * every row's queries of one key/value head become one matrix, so the shared keys and
 * values are read once per head in a GEMM instead of once per row (and never copied per
 * row).
 */
final class SharedColumns {

	private SharedColumns() {
	}

	/**
	 * grouped queries [B, kvHeads, group, T, headDim] x shared keys [1, kvHeads, S,
	 * headDim] -> [B, kvHeads, group, T, S]
	 */
	static NDArray scores(NDArray grouped, NDArray sharedKeys) {
		NDArray keys = sharedKeys.squeeze(0).transpose(0, 2, 1); // [kvHeads, headDim, S]
		return fromHeadRows(headRows(grouped).matMul(keys), grouped.getShape());
	}

	/**
	 * weights [B, kvHeads, group, T, S] x shared values [1, kvHeads, S, headDim] -> [B,
	 * kvHeads, group, T, headDim]
	 */
	static NDArray context(NDArray weights, NDArray sharedValues) {
		return fromHeadRows(headRows(weights).matMul(sharedValues.squeeze(0)), weights.getShape());
	}

	/** [B, kvHeads, group, T, X] -> [kvHeads, B * group * T, X] */
	private static NDArray headRows(NDArray a) {
		Shape s = a.getShape();
		return a.transpose(1, 0, 2, 3, 4).reshape(s.get(1), -1, s.get(4));
	}

	/**
	 * [kvHeads, B * group * T, Y] -> [B, kvHeads, group, T, Y], the grid of {@code like}
	 */
	private static NDArray fromHeadRows(NDArray a, Shape like) {
		return a.reshape(like.get(1), like.get(0), like.get(2), like.get(3), a.getShape().get(2))
			.transpose(1, 0, 2, 3, 4);
	}

}
