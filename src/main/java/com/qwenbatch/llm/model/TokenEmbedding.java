package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * The token embedding table [vocab, H], F32 or BF16 (then {@code ops} widens the
 * looked-up rows to F32): BF16 with BF16 weights, and with F32 weights when the table is
 * tied and BF16 on disk.
 */
public record TokenEmbedding(NDArray table, Bf16Ops ops) {

	/** ids: [N] -> [N, H] F32 */
	NDArray lookup(NDArray ids) {
		NDArray rows = this.table.get(ids);
		return (this.ops != null) ? this.ops.widen(rows) : rows;
	}

	/** Whether the table is held in BF16. */
	boolean inBf16() {
		return this.ops != null;
	}

}
