package com.qwenbatch.source;

import java.util.Locale;

/**
 * Checks that a {@code --source-query} is exactly one SELECT (or WITH … SELECT)
 * statement. The source connection is read-only as well; this check gives the clear
 * message before anything runs.
 */
final class SelectStatement {

	private SelectStatement() {
	}

	/**
	 * The statement without a trailing semicolon; an error naming the problem otherwise.
	 */
	static String check(String sql) {
		String body = stripTrailingSemicolons(sql == null ? "" : sql.strip());
		if (body.isEmpty()) {
			throw new SourceException("--source-query is empty");
		}
		int separator = statementSeparator(body);
		if (separator >= 0) {
			throw new SourceException(
					"--source-query must be one SELECT statement; found a second statement after ';' at" + " character "
							+ (separator + 1));
		}
		String first = firstWord(body);
		if (!first.equals("select") && !first.equals("with")) {
			throw new SourceException(
					"--source-query must be a SELECT statement, not " + first.toUpperCase(Locale.ROOT));
		}
		return body;
	}

	private static String stripTrailingSemicolons(String sql) {
		String s = sql;
		while (s.endsWith(";")) {
			s = s.substring(0, s.length() - 1).strip();
		}
		return s;
	}

	/** Index of a ';' outside quotes and comments, or -1. */
	private static int statementSeparator(String sql) {
		int i = 0;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (c == '\'' || c == '"') {
				i = closing(sql, i, String.valueOf(c));
			}
			else if (c == '-' && sql.startsWith("--", i)) {
				i = closing(sql, i, "\n");
			}
			else if (c == '/' && sql.startsWith("/*", i)) {
				i = closing(sql, i + 1, "*/");
			}
			else if (c == '$' && dollarTag(sql, i) != null) {
				String tag = dollarTag(sql, i);
				i = closing(sql, i + tag.length() - 1, tag);
			}
			else if (c == ';') {
				return i;
			}
			else {
				i++;
			}
		}
		return -1;
	}

	/** The index just after the {@code end} that closes what opened at {@code open}. */
	private static int closing(String sql, int open, String end) {
		int at = sql.indexOf(end, open + 1);
		return at < 0 ? sql.length() : at + end.length();
	}

	/** A PostgreSQL dollar-quote tag ($$ or $name$) starting at {@code i}, or null. */
	private static String dollarTag(String sql, int i) {
		int j = i + 1;
		while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
			j++;
		}
		return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
	}

	private static String firstWord(String sql) {
		String s = sql;
		while (true) {
			s = s.stripLeading();
			if (s.startsWith("--")) {
				int end = s.indexOf('\n');
				s = end < 0 ? "" : s.substring(end + 1);
			}
			else if (s.startsWith("/*")) {
				int end = s.indexOf("*/");
				s = end < 0 ? "" : s.substring(end + 2);
			}
			else if (s.startsWith("(")) {
				s = s.substring(1);
			}
			else {
				break;
			}
		}
		int end = 0;
		while (end < s.length() && Character.isLetter(s.charAt(end))) {
			end++;
		}
		return s.substring(0, end).toLowerCase(Locale.ROOT);
	}

}
