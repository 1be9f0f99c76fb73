package com.qwenbatch.report;

/**
 * Comment text is untrusted. In a cell it is always a string, never a formula: a value
 * that a spreadsheet would read as one (leading =, +, -, @, tab, carriage return) gets
 * Excel's quote prefix, and text over Excel's cell limit is cut with a visible marker.
 */
final class SafeText {

	static final int EXCEL_CELL_LIMIT = 32_767;

	static final String CUT_MARKER = "…[truncated]";

	private SafeText() {
	}

	static boolean looksLikeFormula(String text) {
		if (text == null || text.isEmpty()) {
			return false;
		}
		char first = text.charAt(0);
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
	}

	static String fit(String text) {
		if (text == null || text.length() <= EXCEL_CELL_LIMIT) {
			return text;
		}
		return text.substring(0, EXCEL_CELL_LIMIT - CUT_MARKER.length()) + CUT_MARKER;
	}

}
