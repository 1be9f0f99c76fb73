package com.qwenbatch.bench;

import com.qwenbatch.analysis.CommentAnalyzer;

/**
 * For benchmarks only: every generated answer is exactly n tokens long, end-of-text and
 * stop strings ignored (random weights would otherwise end anywhere), with n drawn per
 * row uniformly from [min, max], seeded by the row's id, so every run and every path over
 * the same rows generates the same lengths. {@code min == max}: all rows alike.
 */
public record ExactLengths(int min, int max) {

	public ExactLengths {
		if (min < 1 || max < min) {
			throw new IllegalArgumentException("exact lengths need 1 <= min <= max, were " + min + ".." + max);
		}
	}

	/** The length of the row with this id. */
	public int forRow(String id) {
		return forSeed(CommentAnalyzer.seedOf(id));
	}

	/** The length of the row whose sampling seed (from its id) is {@code seed}. */
	int forSeed(long seed) {
		long mixed = seed * 0x9e3779b97f4a7c15L;
		return this.min + (int) Long.remainderUnsigned(mixed >>> 1, this.max - this.min + 1L);
	}

}
