package com.qwenbatch.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Days as real dates: a comment's date text (its first ten characters, yyyy-mm-dd) as a
 * date, and per-day counts rolled up to weeks (starting Monday) when a period is longer
 * than {@link #DAILY_MAX_DAYS} days.
 */
final class TrendDates {

	static final int DAILY_MAX_DAYS = 31;

	private TrendDates() {
	}

	/** The date of {@code text}, or null when it does not start with yyyy-mm-dd. */
	static LocalDate day(String text) {
		if (text == null || text.length() < 10) {
			return null;
		}
		try {
			return LocalDate.parse(text.substring(0, 10));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** Whether days from {@code first} to {@code last} are shown per week. */
	static boolean weekly(LocalDate first, LocalDate last) {
		return first != null && last != null && ChronoUnit.DAYS.between(first, last) + 1 > DAILY_MAX_DAYS;
	}

	/**
	 * Day -> sentiment -> count as week (its Monday) -> sentiment -> count; days that are
	 * not dates are kept as they are.
	 */
	static Map<String, Map<String, Long>> byWeek(Map<String, Map<String, Long>> days) {
		Map<String, Map<String, Long>> weeks = new LinkedHashMap<>();
		for (Map.Entry<String, Map<String, Long>> day : days.entrySet()) {
			LocalDate date = day(day.getKey());
			String key = date == null ? day.getKey()
					: date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
			Map<String, Long> week = weeks.computeIfAbsent(key, (k) -> new LinkedHashMap<>());
			day.getValue().forEach((label, count) -> week.merge(label, count, Long::sum));
		}
		return weeks;
	}

}
