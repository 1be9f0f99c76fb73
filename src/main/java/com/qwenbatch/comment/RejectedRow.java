package com.qwenbatch.comment;

/** A row that was not analysed, and why. Nothing is dropped silently. */
public record RejectedRow(String source, long line, String id, String reason, String raw) {
}
