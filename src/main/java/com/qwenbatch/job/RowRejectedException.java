package com.qwenbatch.job;

import com.qwenbatch.comment.RejectedRow;

/**
 * Thrown by the reader for a bad row; the step skips it and the rejection listener stores
 * it.
 */
class RowRejectedException extends RuntimeException {

	private final transient RejectedRow row;

	RowRejectedException(RejectedRow row) {
		super(row.source() + " line " + row.line() + " (" + row.id() + "): " + row.reason());
		this.row = row;
	}

	RejectedRow row() {
		return this.row;
	}

}
