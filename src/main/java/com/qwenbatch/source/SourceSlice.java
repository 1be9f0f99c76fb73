package com.qwenbatch.source;

/**
 * The part of a source one partition reads. For a CSV export, record indexes {@code [after, upTo)}
 * (0-based, header not counted); for a database table, ids {@code (after, upTo]}. A null bound is
 * open: {@code SourceSlice.WHOLE} is the whole source. {@code empty}: nothing at all (a run split
 * into more partitions than it has rows).
 */
public record SourceSlice(Object after, Object upTo, boolean empty) {

	public static final SourceSlice WHOLE = new SourceSlice(null, null, false);

	public static final SourceSlice EMPTY = new SourceSlice(null, null, true);

	/** The whole source after a database watermark (--since-last-run), or all of it when null. */
	public static SourceSlice after(Object watermark) {
		return new SourceSlice(watermark, null, false);
	}

	public static SourceSlice between(Object after, Object upTo) {
		return new SourceSlice(after, upTo, false);
	}

	/** CSV: the first record index of this slice. */
	public long firstRecord() {
		return this.after == null ? 0 : ((Number) this.after).longValue();
	}

	/** CSV: the record index this slice ends before. */
	public long endRecord() {
		return this.upTo == null ? Long.MAX_VALUE : ((Number) this.upTo).longValue();
	}

}
