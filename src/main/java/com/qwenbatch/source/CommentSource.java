package com.qwenbatch.source;

import com.qwenbatch.comment.SourceRecord;

/**
 * A forward-only stream of records from a CSV export or a database table.
 * {@link #position()} is what a restart needs to continue after the last committed
 * record.
 */
public interface CommentSource extends AutoCloseable {

	/** A source with no records (an empty partition). */
	CommentSource NONE = new CommentSource() {

		@Override
		public SourceRecord next() {
			return null;
		}

		@Override
		public Object position() {
			return null;
		}

		@Override
		public String name() {
			return "none";
		}

		@Override
		public void close() {
		}

	};

	/** The next record, or null at the end. */
	SourceRecord next();

	/**
	 * An opaque restart position: records consumed (CSV) or the last id read (database).
	 */
	Object position();

	/** The source's name as stored with every result (file name or table). */
	String name();

	@Override
	void close();

}
