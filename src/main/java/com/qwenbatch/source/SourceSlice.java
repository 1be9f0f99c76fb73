package com.qwenbatch.source;

/**
 * The part of a source one step reads: the whole source, what is after a watermark, or
 * one partition of a scaled-out run.
 */
public sealed interface SourceSlice permits SourceSlice.Records, SourceSlice.Ids, SourceSlice.Nothing {

	/**
	 * What is left of this slice after {@code position}, a reader's saved position
	 * ({@link CommentSource#position()}): the records consumed so far for a CSV export,
	 * the last id read for a table.
	 */
	SourceSlice continuingAfter(Object position);

	/** A CSV export's records {@code [first, end)}, 0-based, header not counted. */
	record Records(long first, long end) implements SourceSlice {

		public static final long OPEN = Long.MAX_VALUE;

		public boolean open() {
			return this.end == OPEN;
		}

		@Override
		public Records continuingAfter(Object recordsConsumed) {
			return new Records(((Number) recordsConsumed).longValue(), this.end);
		}

	}

	/** A table's or query's ids {@code (after, upTo]}; a null bound is open. */
	record Ids(Object after, Object upTo) implements SourceSlice {

		@Override
		public Ids continuingAfter(Object lastId) {
			return new Ids(lastId, this.upTo);
		}

	}

	/** No rows at all: a run split into more partitions than it has rows. */
	record Nothing() implements SourceSlice {

		@Override
		public Nothing continuingAfter(Object position) {
			return this;
		}

	}

}
