package com.qwenbatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.qwenbatch.job.RunPlan;

/**
 * {@code --max-duration D} (90m, 7h, 1h30m, 12s) and {@code --stop-at HH:MM} (local time,
 * the next such moment): when the run stops by itself, after the chunk in hand, as on
 * SIGTERM. With both, the earlier one. Checked before anything starts.
 */
final class StopOptions {

	private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

	private StopOptions() {
	}

	static Optional<RunPlan.StopTime> parse(String maxDuration, String stopAt, ZonedDateTime now) {
		Optional<RunPlan.StopTime> byDuration = Optional.ofNullable(maxDuration)
			.map((d) -> new RunPlan.StopTime(now.toInstant().plus(duration(d)), "--max-duration " + d.strip()));
		Optional<RunPlan.StopTime> byClock = Optional.ofNullable(stopAt)
			.map((t) -> new RunPlan.StopTime(nextMoment(t, now), "--stop-at " + t.strip()));
		if (byDuration.isPresent() && byClock.isPresent()) {
			return byDuration.get().at().isBefore(byClock.get().at()) ? byDuration : byClock;
		}
		return byDuration.isPresent() ? byDuration : byClock;
	}

	static Duration duration(String text) {
		Matcher m = DURATION.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
		if (text.isBlank() || !m.matches()) {
			throw new UsageException("--max-duration " + text + ": use hours, minutes or seconds, e.g. 90m, 7h, 1h30m");
		}
		Duration d = Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
		if (d.isZero()) {
			throw new UsageException("--max-duration " + text + ": must be longer than 0");
		}
		return d;
	}

	private static long group(Matcher m, int group) {
		return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
	}

	/**
	 * The next moment the local clock shows {@code hhmm}: today if still ahead, else
	 * tomorrow.
	 */
	static Instant nextMoment(String hhmm, ZonedDateTime now) {
		LocalTime time;
		try {
			time = LocalTime.parse(hhmm.strip().length() == 4 ? "0" + hhmm.strip() : hhmm.strip());
		}
		catch (DateTimeParseException ex) {
			throw new UsageException("--stop-at " + hhmm + ": use the local time as HH:MM, e.g. 06:30");
		}
		LocalDate day = now.toLocalDate();
		ZonedDateTime at = ZonedDateTime.of(day, time, now.getZone());
		if (!at.isAfter(now)) {
			at = ZonedDateTime.of(day.plusDays(1), time, now.getZone());
		}
		return at.toInstant();
	}

}
