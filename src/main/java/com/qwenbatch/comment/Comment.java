package com.qwenbatch.comment;

/**
 * A customer comment as read from a source. {@code source} names the file or table;
 * {@code line} is the CSV line (0 for a database row); {@code id} is the source's id or a
 * stable "file:line".
 */
public record Comment(String source, String id, String text, String createdAt, String channel, long line) {
}
