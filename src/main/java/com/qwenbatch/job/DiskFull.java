package com.qwenbatch.job;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a full disk from other failures, wherever it shows: the operating system's ENOSPC
 * ("No space left on device") under H2 or a file write, a disk quota, PostgreSQL's
 * SQLSTATE 53100 (disk_full) or its "could not extend file". Waiting does not help; space
 * must be freed, then the same command finishes the work.
 */
public final class DiskFull {

	private static final List<String> WORDS = List.of("no space left on device", "not enough space on the disk",
			"disk quota exceeded", "could not extend file", "disk full");

	private DiskFull() {
	}

	/** The disk has less free space than is kept in reserve for the results database. */
	public static class LowSpaceException extends RuntimeException {

		LowSpaceException(String message) {
			super(message);
		}

	}

	/**
	 * The failure's own words for the lack of space (e.g. "No space left on device"), or
	 * empty when it is not about space.
	 */
	public static Optional<String> reason(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof LowSpaceException low) {
				return Optional.of(low.getMessage());
			}
			if (t instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
				return Optional.of(firstLine(sql.getMessage()));
			}
			String message = t.getMessage() == null ? "" : t.getMessage();
			String lower = message.toLowerCase(Locale.ROOT);
			for (String word : WORDS) {
				int at = lower.indexOf(word);
				if (at >= 0) {
					return Optional.of(firstLine(message.substring(at)));
				}
			}
		}
		return Optional.empty();
	}

	/** The first of {@code failures} that is about space, in its own words. */
	public static Optional<String> reason(List<Throwable> failures) {
		return failures.stream().map(DiskFull::reason).flatMap(Optional::stream).findFirst();
	}

	/**
	 * The line a user reads: "no space left on the disk of WHERE: WHY; free some space".
	 */
	public static String problem(String where, String why) {
		return "no space left on the disk of " + where + ": " + why + "; free some space";
	}

	/** The failure came through a database driver (not a file this process wrote). */
	public static boolean fromDatabase(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof SQLException || t instanceof LowSpaceException
					|| t.getClass().getName().startsWith("org.h2.")) {
				return true;
			}
		}
		return false;
	}

	private static String firstLine(String text) {
		String line = text == null ? "" : text.lines().findFirst().orElse("").strip();
		return line.replaceAll("[\"\\]\\[]+$", "").strip();
	}

}
