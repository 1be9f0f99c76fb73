package com.qwenbatch.llm.model;

/**
 * One forward call over a block of {@code length} new tokens for each of {@code batch} rows.
 *
 * @param tokenIds [batch * length] row-major
 * @param positions [batch * length] rotary position of each token (rows may differ: padding, prefixes)
 * @param mask [batch * length * (writeColumn + length)] additive attention mask: 0 where a query may
 * see a key column, {@link #MASKED} where it may not
 * @param writeColumn first cache column the block's keys and values are written to
 * @param logitRows flat indices (row * length + t) of the tokens whose next-token logits are wanted
 */
public record ForwardInput(int batch, int length, long[] tokenIds, long[] positions, float[] mask, int writeColumn,
		long[] logitRows) {

	/** Large enough to zero a softmax weight, small enough that a fully masked row stays finite. */
	public static final float MASKED = -1e30f;

	public ForwardInput {
		int cells = batch * length;
		if (tokenIds.length != cells || positions.length != cells) {
			throw new IllegalArgumentException("tokenIds and positions need batch*length = " + cells + " entries");
		}
		if (mask.length != (long) cells * (writeColumn + length)) {
			throw new IllegalArgumentException("mask needs batch*length*(writeColumn+length) entries");
		}
	}

	public int keyColumns() {
		return this.writeColumn + this.length;
	}

}
