package com.qwenbatch.source;

import java.util.Optional;

import com.qwenbatch.comment.ControlCharacters;

/**
 * What every source requires of a comment's text: present, and not longer than the limit.
 * Control characters are removed from every field first (see {@link ControlCharacters}),
 * so a text of only such characters and spaces is empty.
 */
final class TextRule {

	/** How much of an over-long text the rejected-rows table keeps. */
	static final int RAW_EXCERPT = 1000;

	/**
	 * Why the text cannot be analysed, and the raw value to keep; empty when it is fine.
	 */
	record Violation(String reason, String raw) {
	}

	private TextRule() {
	}

	/** {@code value} without control characters (see {@link ControlCharacters}). */
	static String clean(String value) {
		return ControlCharacters.strip(value);
	}

	static Optional<Violation> check(String text, int maxChars, String rawWhenEmpty) {
		if (text == null || text.isBlank()) {
			return Optional.of(new Violation("empty text", rawWhenEmpty));
		}
		if (text.length() > maxChars) {
			return Optional.of(new Violation("text longer than " + maxChars + " characters (" + text.length() + ")",
					text.substring(0, Math.min(text.length(), RAW_EXCERPT))));
		}
		return Optional.empty();
	}

}
