package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * The token embedding table [vocab, H], F32 or BF16 (then {@code ops} widens the
 * looked-up rows to F32).
 */
public record TokenEmbedding(NDArray table, Bf16Ops ops) {

	/** ids: [N] -> [N, H] F32 */
	NDArray lookup(NDArray ids) {
		NDArray rows = this.table.get(ids);
		return (this.ops != null) ? this.ops.widen(rows) : rows;
	}

}
