package com.qwenbatch.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.qwenbatch.store.RunRates;

/**
 * What a run expects before it starts: the rows it has to analyse (when the source can
 * count them), how long that takes at the rate this machine measured on its last
 * completed runs of the same work, and what a stop time means for it.
 *
 * @param rows rows left to read, or -1 when the source cannot count them
 * @param rate the measured rate, if any run of this work completed here
 * @param stop when the run stops by itself, and why ("--stop-at 06:30"), if it does
 */
public record RunPlan(long rows, Optional<RunRates.Rate> rate, Optional<StopTime> stop, Instant now) {

	/** A moment the run stops at after the chunk in hand, and the option that set it. */
	public record StopTime(Instant at, String option) {
	}

	/**
	 * One line, e.g. "plan: 50,000 rows to analyse; about 7 h 40 m at 1.81 rows/s (the
	 * last 3 runs of this model and task here); --stop-at 06:30 leaves 6 h 10 m: about
	 * 40,200 of them, the rest resumes with the same command".
	 */
	public String describe() {
		StringBuilder line = new StringBuilder("plan: ");
		line.append(this.rows < 0 ? "rows to analyse: not countable in advance"
				: String.format(Locale.ROOT, "%,d rows to analyse", this.rows));
		if (this.rate.isEmpty()) {
			line.append("; no completed run of this model and task on this machine to estimate the time from yet");
		}
		else {
			RunRates.Rate r = this.rate.get();
			line.append(String.format(Locale.ROOT, "; %s at %.2f rows/s (the last %s of this model and task here)",
					this.rows < 0 ? "speed" : "about " + duration(Math.round(this.rows / r.rowsPerSecond())),
					r.rowsPerSecond(), r.runs() == 1 ? "run" : r.runs() + " runs"));
		}
		this.stop.ifPresent((s) -> {
			long left = Math.max(0, Duration.between(this.now, s.at()).toSeconds());
			line.append("; ").append(s.option()).append(" leaves ").append(duration(left));
			if (this.rate.isPresent() && this.rows >= 0) {
				long fit = Math.round(left * this.rate.get().rowsPerSecond());
				line.append(fit >= this.rows ? ": enough for all of them" : String.format(Locale.ROOT,
						": about %,d of them, the rest resumes with the same command", fit));
			}
		});
		return line.toString();
	}

	/**
	 * How every command writes a duration: "42 s", "5 m 08 s", "2 h 05 m" (runs, the
	 * summary line, the plan).
	 */
	public static String duration(long seconds) {
		return seconds >= 3600 ? String.format("%d h %02d m", seconds / 3600, seconds / 60 % 60)
				: seconds >= 60 ? String.format("%d m %02d s", seconds / 60, seconds % 60) : seconds + " s";
	}

}
