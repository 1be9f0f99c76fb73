package com.qwenbatch.comment;

/**
 * Control characters (NUL, bell, escape …) are removed from every text we store, whatever
 * the database: PostgreSQL cannot hold NUL at all, H2 can, and a comment or a reply means
 * the same without them. Tab, line feed and carriage return stay.
 */
public final class ControlCharacters {

	private ControlCharacters() {
	}

	/**
	 * {@code value} without control characters other than tab, line feed and carriage
	 * return.
	 */
	public static String strip(String value) {
		if (value == null || value.chars().noneMatch(ControlCharacters::isDropped)) {
			return value;
		}
		StringBuilder kept = new StringBuilder(value.length());
		value.chars().filter((c) -> !isDropped(c)).forEach((c) -> kept.append((char) c));
		return kept.toString();
	}

	private static boolean isDropped(int c) {
		return Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r';
	}

}
