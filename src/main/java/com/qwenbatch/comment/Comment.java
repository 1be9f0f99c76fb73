package com.qwenbatch.comment;

import java.util.Objects;

/**
 * A customer comment as read from a source. {@code source} names the file or table;
 * {@code line} is the CSV line (0 for a database row), for people; {@code id} is the
 * source's id or, for a CSV export without one, the comment's {@link #contentId content
 * id}.
 */
public record Comment(String source, String id, String text, String createdAt, String channel, long line) {

	/**
	 * A hash of the text as stored: a known id whose text hash differs is a different
	 * comment and is analysed again.
	 */
	public String textHash() {
		return Sha256.hex(this.text, 16);
	}

	/**
	 * An id made from what the comment says: the SHA-256 of its text, date and channel
	 * (first 16 hex digits). The same comment exported twice has the same id; a new
	 * comment on a reused line gets a new one.
	 */
	public static String contentId(String text, String createdAt, String channel) {
		return Sha256.hex(text + '\u0000' + Objects.toString(createdAt, "") + '\u0000' + Objects.toString(channel, ""),
				8);
	}

}
