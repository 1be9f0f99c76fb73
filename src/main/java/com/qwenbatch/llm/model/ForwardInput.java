package com.qwenbatch.llm.model;

/**
 * One forward call over a block of {@code length} new tokens for each of {@code batch}
 * rows.
 *
 * @param tokenIds [batch * length] row-major
 * @param positions [batch * length] rotary position of each token (rows may differ:
 * padding, prefixes)
 * @param mask [batch * length * (sharedColumns + writeColumn + length)] additive
 * attention mask: 0 where a query may see a key column, {@link #MASKED} where it may not;
 * the cache's shared columns come first, then each row's own
 * @param sharedColumns columns the cache holds once for every row (shared prompt
 * prefixes)
 * @param writeColumn first of the rows' own cache columns the block's keys and values are
 * written to
 * @param logitRows flat indices (row * length + t) of the tokens whose next-token logits
 * are wanted
 * @param present [batch * length]: which cells hold a real token; padding cells are
 * skipped by the projections and the MLP, and their keys and values are left meaningless
 * (they must be masked)
 */
public record ForwardInput(int batch, int length, long[] tokenIds, long[] positions, float[] mask, int sharedColumns,
		int writeColumn, long[] logitRows, boolean[] present) {

	/**
	 * Large enough to zero a softmax weight, small enough that a fully masked row stays
	 * finite.
	 */
	public static final float MASKED = -1e30f;

	public ForwardInput {
		int cells = batch * length;
		if (tokenIds.length != cells || positions.length != cells) {
			throw new IllegalArgumentException("tokenIds and positions need batch*length = " + cells + " entries");
		}
		if (mask.length != (long) cells * (sharedColumns + writeColumn + length)) {
			throw new IllegalArgumentException("mask needs batch*length*(sharedColumns+writeColumn+length) entries");
		}
		if (present.length != cells) {
			throw new IllegalArgumentException("present needs batch*length = " + cells + " entries");
		}
	}

	/** Every cell holds a real token; no shared columns. */
	public ForwardInput(int batch, int length, long[] tokenIds, long[] positions, float[] mask, int writeColumn,
			long[] logitRows) {
		this(batch, length, tokenIds, positions, mask, 0, writeColumn, logitRows, allPresent(batch * length));
	}

	private static boolean[] allPresent(int cells) {
		boolean[] present = new boolean[cells];
		java.util.Arrays.fill(present, true);
		return present;
	}

	/**
	 * Every key column a query meets: shared, then the row's own up to the block's end.
	 */
	public int keyColumns() {
		return this.sharedColumns + this.writeColumn + this.length;
	}

}
