package com.qwenbatch.report;

/**
 * Row heights for wrapped text, estimated from its length: the streaming writer cannot
 * measure text, and a row left at the default height overlaps its neighbours when
 * printed. A CJK character is about two Latin character widths.
 */
final class RowHeights {

	/** One line of the default 11-point font. */
	static final float LINE_POINTS = 15f;

	/**
	 * Never taller than this: a long comment is cut in print rather than filling pages.
	 */
	static final int MAX_LINES = 8;

	private RowHeights() {
	}

	/** Points for {@code text} wrapped in a column {@code widthChars} characters wide. */
	static float points(String text, int widthChars) {
		return lines(text, widthChars) * LINE_POINTS;
	}

	static int lines(String text, int widthChars) {
		if (text == null || text.isEmpty()) {
			return 1;
		}
		int lines = 0;
		for (String paragraph : text.split("\n", -1)) {
			double width = 0;
			for (int i = 0; i < paragraph.length(); i++) {
				// CJK (from U+2E80, radicals onwards) and everything above it: two widths
				width += paragraph.charAt(i) >= 0x2E80 ? 2 : 1;
			}
			lines += Math.max(1, (int) Math.ceil(width / Math.max(1, widthChars - 2)));
		}
		return Math.min(MAX_LINES, lines);
	}

}
