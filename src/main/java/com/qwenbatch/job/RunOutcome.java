package com.qwenbatch.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.NestedExceptionUtils;

/**
 * How a run ended: its counts and why it ended as it did. {@code read} counts every row
 * read from the source, so {@code read = analysed + unchanged + rejected} once a run
 * completes. {@code changed} counts the analysed rows whose id had a result for another
 * text; {@code known} the rows whose id had any result.
 */
public record RunOutcome(long jobExecutionId, BatchStatus status, boolean resumed, long read, long analysed,
		long unchanged, long changed, long known, long rejected, double seconds, String failure,
		double maxRejectedPercent, String report) {

	/**
	 * {@code stored}: the execution as the repository has it (partitions that ran on
	 * workers are only there); {@code live}: the one this process ran, which still holds
	 * its exceptions.
	 */
	static RunOutcome of(JobExecution stored, JobExecution live, boolean resumed, double maxRejectedPercent) {
		long read = 0;
		long analysed = 0;
		long unchanged = 0;
		long changed = 0;
		long known = 0;
		long rejected = 0;
		List<String> failures = new ArrayList<>();
		live.getAllFailureExceptions().stream().findFirst().map(RunOutcome::rootMessage).ifPresent(failures::add);
		String closed = stored.getExitStatus().getExitDescription();
		if (stored.getStatus() == BatchStatus.ABANDONED && closed != null && !closed.isBlank()) {
			failures.add("abandoned: " + closed.lines().findFirst().orElse(closed));
		}
		Map<String, List<String>> stepFailures = new LinkedHashMap<>();
		for (StepExecution step : analysisSteps(stored)) {
			// rows the results database refused were read, but end up rejected
			long refused = step.getExecutionContext().getLong(AnalysisWriter.REFUSED, 0);
			read += step.getReadCount() + step.getReadSkipCount();
			rejected += step.getReadSkipCount() + refused;
			analysed += step.getExecutionContext().getLong(AnalysisWriter.ANALYSED, 0);
			unchanged += step.getExecutionContext().getLong(AnalysisWriter.UNCHANGED, 0);
			changed += step.getExecutionContext().getLong(AnalysisWriter.CHANGED, 0);
			known += step.getExecutionContext().getLong(AnalysisWriter.KNOWN, 0);
			String why = step.getExitStatus().getExitDescription();
			if (step.getStatus() == BatchStatus.FAILED && why != null && !why.isBlank()) {
				stepFailures.computeIfAbsent(why.lines().findFirst().orElse(why), (k) -> new ArrayList<>())
					.add(step.getStepName());
			}
		}
		// one line per reason: twelve partitions that failed alike are one failure
		stepFailures.forEach((why, steps) -> failures
			.add(steps.size() == 1 ? steps.get(0) + ": " + why : why + " (" + steps.size() + " partitions)"));
		double seconds = stored.getStartTime() == null || stored.getEndTime() == null ? 0
				: Duration.between(stored.getStartTime(), stored.getEndTime()).toMillis() / 1000.0;
		String failure = failures.isEmpty() ? null : String.join("; ", failures);
		String report = stored.getExecutionContext().containsKey(ReportTasklet.REPORT_PATH)
				? stored.getExecutionContext().getString(ReportTasklet.REPORT_PATH) : null;
		return new RunOutcome(stored.getId(), stored.getStatus(), resumed, read, analysed, unchanged, changed, known,
				rejected, seconds, failure, maxRejectedPercent, report);
	}

	/**
	 * When the run failed for lack of disk space, one line naming it and where: the
	 * report folder when writing the report failed, else the results database; empty
	 * otherwise.
	 */
	static Optional<String> lackOfSpace(JobExecution live, String resultsDatabase, String reportDir) {
		for (StepExecution step : live.getStepExecutions()) {
			for (Throwable failure : step.getFailureExceptions()) {
				Optional<String> why = DiskFull.reason(failure);
				if (why.isPresent()) {
					boolean report = AnalysisJobConfiguration.REPORT_STEP.equals(step.getStepName())
							&& NestedExceptionUtils.getMostSpecificCause(failure) instanceof java.io.IOException
							&& !DiskFull.fromDatabase(failure);
					return Optional.of(DiskFull.problem(report ? "the report folder " + reportDir
							: "the results database (" + resultsDatabase + ")", why.get()));
				}
			}
		}
		return DiskFull.reason(live.getFailureExceptions())
			.map((why) -> DiskFull.problem("the results database (" + resultsDatabase + ")", why));
	}

	/** The same outcome, failed for {@code reason} (never UNKNOWN). */
	RunOutcome failedBecause(String reason) {
		return new RunOutcome(this.jobExecutionId, BatchStatus.FAILED, this.resumed, this.read, this.analysed,
				this.unchanged, this.changed, this.known, this.rejected, this.seconds, reason, this.maxRejectedPercent,
				this.report);
	}

	/**
	 * The steps that read and analysed rows: the analysis step, or, in a partitioned run,
	 * its partitions (the manager step only sums them).
	 */
	static List<StepExecution> analysisSteps(JobExecution execution) {
		List<StepExecution> partitions = execution.getStepExecutions()
			.stream()
			.filter((s) -> s.getStepName().startsWith(PARTITION_PREFIX))
			.toList();
		if (!partitions.isEmpty()) {
			return partitions;
		}
		return execution.getStepExecutions()
			.stream()
			.filter((s) -> AnalysisJobConfiguration.ANALYZE_STEP.equals(s.getStepName()))
			.toList();
	}

	/**
	 * When more than half of the known ids came with another text, the ids look reused
	 * (row numbers): a line saying so and what to do, else null.
	 */
	public String reusedIdsWarning() {
		if (this.known == 0 || this.changed * 2 <= this.known) {
			return null;
		}
		return this.changed + " of " + this.known
				+ " known ids came with a different text, so they look reused (a row number?): each was analysed"
				+ " again and its result replaced. Name a column that really identifies a comment with --id-column,"
				+ " or use --id-from-text to make ids from the comments themselves";
	}

	private static final String PARTITION_PREFIX = AnalysisJobConfiguration.PARTITION_STEP + ":";

	private static String rootMessage(Throwable t) {
		Throwable root = t;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root.getMessage() + ")";
	}

	/** How a run ended, for the exit code. */
	public enum Ending {

		/** Every row analysed or rejected, within the rejection limit. */
		COMPLETED,

		/** Completed, but more rows were rejected than --max-rejected-percent allows. */
		TOO_MANY_REJECTED,

		/**
		 * Stopped on request (SIGTERM, Ctrl-C) after a committed chunk: a re-run resumes.
		 */
		STOPPED,

		/** Failed: a re-run resumes from the last committed chunk. */
		FAILED

	}

	public Ending ending() {
		return switch (this.status) {
			case COMPLETED -> tooManyRejected() ? Ending.TOO_MANY_REJECTED : Ending.COMPLETED;
			case STOPPED -> Ending.STOPPED;
			default -> Ending.FAILED;
		};
	}

	public boolean tooManyRejected() {
		return this.read > 0 && 100.0 * this.rejected / this.read > this.maxRejectedPercent;
	}

	/**
	 * "2 of 5 rows rejected: 40 % > --max-rejected-percent 5", or null when within the
	 * limit.
	 */
	public String rejectionProblem() {
		if (!tooManyRejected()) {
			return null;
		}
		return this.rejected + " of " + this.read + " rows rejected: " + percent(100.0 * this.rejected / this.read)
				+ " % > --max-rejected-percent " + percent(this.maxRejectedPercent);
	}

	private static String percent(double value) {
		double rounded = Math.round(value * 10) / 10.0;
		return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
	}

	/**
	 * The JSON line: keys in a fixed order, {@code exitCode} as the command returns it.
	 */
	public Map<String, Object> toJson(int exitCode) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("status", this.status.name());
		json.put("exit_code", exitCode);
		json.put("job_execution_id", this.jobExecutionId);
		json.put("resumed", this.resumed);
		json.put("rows_read", this.read);
		json.put("analysed", this.analysed);
		json.put("unchanged", this.unchanged);
		json.put("changed", this.changed);
		json.put("rejected", this.rejected);
		json.put("seconds", this.seconds);
		json.put("rows_per_s",
				this.seconds > 0 ? Math.round((this.analysed + this.unchanged) / this.seconds * 100) / 100.0 : 0);
		if (this.report != null) {
			json.put("report", this.report);
		}
		if (this.failure != null && this.status != BatchStatus.STOPPED) {
			json.put("error", this.failure); // a stop on request is no error
		}
		else if (tooManyRejected()) {
			json.put("error", rejectionProblem());
		}
		return json;
	}

}
