package com.qwenbatch.comment;

/** One record of a source: a comment to analyse or a row rejected while reading. */
public sealed interface SourceRecord permits SourceRecord.Accepted, SourceRecord.Rejected {

	record Accepted(Comment comment) implements SourceRecord {
	}

	record Rejected(RejectedRow row) implements SourceRecord {
	}

}
