package com.qwenbatch.job;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.qwenbatch.comment.Sha256;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.PrecisionChoice;
import com.qwenbatch.source.DatabaseAddress;
import com.qwenbatch.source.FileFingerprint;
import com.qwenbatch.source.SourceSpec;
import com.qwenbatch.source.Sources;
import com.qwenbatch.store.ResultStore;
import com.qwenbatch.store.RunLease;
import com.qwenbatch.store.RunRates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Starts or resumes the analysis job, one live run per job (source + task + model). The
 * same command resumes the last run of the job when it did not complete: a run that died
 * (left STARTED or UNKNOWN) is marked failed and restarted from its last committed chunk,
 * because results and reader position commit together. A lost database connection is
 * waited for (with backoff, up to the run's retry window) and the run resumed in the same
 * process.
 */
@Component
public class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private static final Set<BatchStatus> UNFINISHED = EnumSet.of(BatchStatus.FAILED, BatchStatus.STOPPED,
			BatchStatus.STARTED, BatchStatus.STARTING, BatchStatus.STOPPING, BatchStatus.UNKNOWN);

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(15);

	/**
	 * An attempt that ran this long had the database: its failure starts a new outage.
	 */
	private static final Duration WORKED = Duration.ofSeconds(30);

	private final JobOperator operator;

	private final JobRepository repository;

	private final Job job;

	private final Sources sources;

	private final RunLease leases;

	private final GracefulStop stop;

	private final String resultsDatabase;

	private final ResultStore store;

	private final RunRates rates;

	public JobRunner(JobOperator operator, JobRepository repository, Job analysisJob, Sources sources, RunLease leases,
			GracefulStop stop, Environment environment, ResultStore store, RunRates rates) {
		this.store = store;
		this.rates = rates;
		String url = environment.getProperty("spring.datasource.url");
		this.resultsDatabase = url == null ? "the configured one" : DatabaseAddress.parse(url).address().describe();
		this.operator = operator;
		this.repository = repository;
		this.job = analysisJob;
		this.sources = sources;
		this.leases = leases;
		this.stop = stop;
	}

	/** The run's options conflict with the unfinished run it would resume. */
	public static class ResumeConflictException extends RuntimeException {

		ResumeConflictException(String message) {
			super(message);
		}

	}

	public RunOutcome run(RunRequest given, boolean newRun) throws Exception {
		this.sources.check(given.source());
		try (RunLease.Held lease = this.leases.acquire(jobKey(given), describe(given))) {
			FileFingerprint input = given.source() instanceof SourceSpec.CsvFile csv ? FileFingerprint.of(csv.file())
					: null;
			JobExecution last = lastExecution(given);
			boolean unfinished = last != null && UNFINISHED.contains(last.getStatus());
			Optional<RunRequest> stored = unfinished ? RunRequest.readable(last.getJobParameters()) : Optional.empty();
			boolean resume = unfinished && !newRun;
			if (resume && stored.isPresent() && stored.get().input() != null
					&& !stored.get().input().sameContent(input)) {
				String reason = "the input file changed since this run started (was " + stored.get().input() + "; now "
						+ input + ")";
				abandon(last, reason);
				log.info(
						"{} is not the file the unfinished execution {} started on (it was {}; it is now {}):"
								+ " that execution is abandoned and a new run reads the whole file",
						given.source().name(), last.getId(), stored.get().input(), input);
				resume = false;
			}
			long sequence;
			Precision precision;
			if (resume) {
				stored.ifPresent((before) -> refuseChangedOptions(before, given));
				precision = stored.map((before) -> before.modelTasks().precision())
					.filter((p) -> p != Precision.AUTO)
					.orElseGet(() -> decidePrecision(given));
				sequence = sequence(last);
				log.info("resuming execution {} of this job from its last committed chunk, in {} as it started",
						last.getId(), precision.label());
			}
			else {
				if (unfinished && newRun) {
					abandon(last, "--new-run started this job over");
					log.info("--new-run: abandoned unfinished execution {}", last.getId());
				}
				precision = decidePrecision(given);
				sequence = last == null ? 1 : sequence(last) + 1;
			}
			if (input != null && Sources.idsFromContent((SourceSpec.CsvFile) given.source())) {
				log.info("{} has no id column{}: each comment's id is made from its text, date and channel",
						given.source().name(),
						((SourceSpec.CsvFile) given.source()).idFromText() ? " in use (--id-from-text)" : "");
			}
			RunRequest request = given.started(precision, input);
			JobParameters parameters = request.toJobParameters(sequence);
			JobExecution execution = runRetryingConnectionLoss(request, parameters, resume ? last : null);
			// reloaded: partitions run on workers update the repository, not this object
			JobExecution reloaded = this.repository.getJobExecution(execution.getId());
			RunOutcome outcome = RunOutcome.of(reloaded != null ? reloaded : execution, execution, resume,
					request.limits().maxRejectedPercent());
			if (outcome.ending() == RunOutcome.Ending.COMPLETED) {
				this.rates.record(work(request), outcome.analysed(), outcome.seconds());
			}
			return RunOutcome.lackOfSpace(execution, this.resultsDatabase, request.outputs().reportDir())
				.map(outcome::failedBecause)
				.orElse(outcome);
		}
	}

	/**
	 * What the run would do now: the rows left to read (the whole source for a new run,
	 * what an unfinished one has not read yet), at the rate this machine measured for the
	 * same work, before {@code stop}.
	 */
	public RunPlan plan(RunRequest given, boolean newRun, Optional<RunPlan.StopTime> stop) {
		long rows;
		try {
			Object watermark = given.selection().sinceLastRun()
					? this.store.watermark(given.source().key()).orElse(null) : null;
			rows = this.sources.count(given.source(), this.sources.whole(given.source(), watermark));
			JobExecution last = newRun ? null : lastExecution(given);
			if (rows >= 0 && last != null && UNFINISHED.contains(last.getStatus())) {
				// a partition queued again carries its reader position on: its last
				// execution counts
				Map<String, StepExecution> latest = new HashMap<>();
				for (StepExecution step : RunOutcome.analysisSteps(last)) {
					latest.merge(step.getStepName(), step, (a, b) -> a.getId() > b.getId() ? a : b);
				}
				for (StepExecution step : latest.values()) {
					rows -= CommentReader.rowsConsumed(step.getExecutionContext());
				}
			}
			if (given.limits().limit() > 0) {
				rows = Math.min(rows, given.limits().limit());
			}
		}
		catch (RuntimeException ex) {
			rows = -1; // the run itself reports what is wrong with the source
		}
		return new RunPlan(Math.max(rows, -1), this.rates.of(work(given)), stop, java.time.Instant.now());
	}

	private static RunRates.Work work(RunRequest request) {
		RunRequest.ModelTasks tasks = request.modelTasks();
		return new RunRates.Work(RunLease.thisHost(), tasks.model(), tasks.task(), String.join(",", tasks.taskWhen()),
				String.join(",", tasks.labels()));
	}

	/**
	 * The precision of a new run: as given, or, for {@code auto}, from this CPU's flags;
	 * every resume and every worker of the run use it.
	 */
	private static Precision decidePrecision(RunRequest request) {
		PrecisionChoice choice = PrecisionChoice.of(request.modelTasks().precision());
		log.info("precision {} for this run ({})", choice.label(), choice.reason());
		return choice.chosen();
	}

	/**
	 * Closes an unfinished execution for good (ABANDONED: never restarted), with the
	 * reason as its exit description.
	 */
	private void abandon(JobExecution execution, String reason) throws Exception {
		JobExecution abandoned = this.operator.abandon(markFailedIfDead(execution));
		abandoned.setExitStatus(new ExitStatus(BatchStatus.ABANDONED.name(), reason));
		this.repository.update(abandoned);
	}

	/**
	 * Starts (or restarts) the job; when it fails because the database connection was
	 * lost, waits with growing pauses and restarts it from its last committed chunk,
	 * until the retry window is used up. Only this process holds the job's lease, so an
	 * execution still marked running is one this process left behind.
	 */
	private JobExecution runRetryingConnectionLoss(RunRequest request, JobParameters parameters,
			JobExecution unfinished) throws Exception {
		Duration window = Duration.ofSeconds(request.limits().databaseRetrySeconds());
		long lostSince = -1;
		Duration pause = FIRST_BACKOFF;
		JobExecution previous = unfinished;
		for (int attempt = 1;; attempt++) {
			Throwable lost;
			long attemptStart = System.nanoTime();
			try {
				if (previous != null) {
					markFailedIfDead(this.repository.getJobExecution(previous.getId()));
				}
				JobExecution execution = this.operator.start(this.job, parameters);
				// a full disk can look like a lost connection (H2 closes the database):
				// waiting does not free space
				Throwable failure = DiskFull.reason(execution.getAllFailureExceptions()).isPresent() ? null
						: execution.getAllFailureExceptions()
							.stream()
							.filter(DatabaseFailures::isConnectionLoss)
							.findFirst()
							.orElse(null);
				boolean failed = execution.getStatus() == BatchStatus.FAILED
						|| execution.getStatus() == BatchStatus.UNKNOWN;
				if (!failed || failure == null) {
					return execution;
				}
				lost = failure;
				previous = execution;
			}
			catch (Exception ex) {
				if (!DatabaseFailures.isConnectionLoss(ex) || DiskFull.reason(ex).isPresent()) {
					throw ex;
				}
				lost = ex;
			}
			// an attempt that ran a while reached the database: this is a new outage,
			// with
			// a window of its own
			if (lostSince < 0 || System.nanoTime() - attemptStart > WORKED.toNanos()) {
				lostSince = System.nanoTime();
				pause = FIRST_BACKOFF;
			}
			if (this.stop.requested() || System.nanoTime() + pause.toNanos() > lostSince + window.toNanos()) {
				throw new DatabaseUnavailableException("the database connection was lost and did not come back within "
						+ request.limits().databaseRetrySeconds() + " s (--db-retry): " + Causes.firstLine(lost), lost);
			}
			log.warn("database connection lost ({}); resuming in {} s (attempt {})", Causes.firstLine(lost),
					pause.toSeconds(), attempt);
			Thread.sleep(pause.toMillis());
			pause = pause.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : pause.multipliedBy(2);
			if (previous == null) {
				previous = lastExecutionOrNull(parameters);
			}
		}
	}

	/** The database stayed out of reach for longer than the run's retry window. */
	public static class DatabaseUnavailableException extends RuntimeException {

		DatabaseUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	private JobExecution lastExecutionOrNull(JobParameters parameters) {
		try {
			JobInstance instance = this.repository.getJobInstance(AnalysisJobConfiguration.JOB, parameters);
			return instance == null ? null : this.repository.getLastJobExecution(instance);
		}
		catch (RuntimeException ex) {
			return null; // still out of reach: looked up again on the next attempt
		}
	}

	/**
	 * An execution left running or UNKNOWN by a process that is gone (this process holds
	 * the job's lease, so nothing else runs it) is marked FAILED, with its unfinished
	 * steps, so Spring Batch restarts it from the last committed chunk: the committed
	 * state is the truth. Not {@code JobOperator.recover}: it refuses UNKNOWN (what a
	 * commit with an unknown outcome, such as a full disk, leaves) and marks the job's
	 * context "batch.recovered", which a restart inherits, so a run that died twice could
	 * not be recovered the second time.
	 */
	private JobExecution markFailedIfDead(JobExecution execution) {
		if (execution == null) {
			return null;
		}
		boolean jobLeft = execution.getStatus().isRunning() || execution.getStatus() == BatchStatus.UNKNOWN;
		boolean stepLeft = execution.getStepExecutions()
			.stream()
			.anyMatch((s) -> s.getStatus().isRunning() || s.getStatus() == BatchStatus.UNKNOWN);
		if (!jobLeft && !stepLeft) {
			return execution;
		}
		// an ended execution can still hold partitions left queued or running (a manager
		// that failed while workers ran): they too would block the next start
		log.warn("execution {} was left {} (its process or its database connection died); marking it failed",
				execution.getId(), jobLeft ? execution.getStatus() : "with unfinished partitions");
		LocalDateTime now = LocalDateTime.now();
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN) {
				step.setStatus(BatchStatus.FAILED);
				step.setExitStatus(ExitStatus.FAILED.addExitDescription("its process or database connection died"));
				step.setEndTime(now);
				this.repository.update(step);
			}
		}
		if (jobLeft) {
			execution.setStatus(BatchStatus.FAILED);
			execution.setExitStatus(ExitStatus.FAILED.addExitDescription("its process or database connection died"));
			execution.setEndTime(now);
			this.repository.update(execution);
		}
		return execution;
	}

	/**
	 * Options that cannot change between a run and its resumption are refused by name.
	 */
	private static void refuseChangedOptions(RunRequest stored, RunRequest given) {
		Precision was = stored.modelTasks().precision();
		Precision asked = given.modelTasks().precision();
		if (was != Precision.AUTO && asked != Precision.AUTO && asked != was) {
			throw new ResumeConflictException("the unfinished run of this job uses --precision " + was.label()
					+ "; it cannot resume with --precision " + asked.label()
					+ ": run it again with --precision auto (or " + was.label()
					+ ") to finish it, or add --new-run to start over");
		}
		Map<String, Object> before = stored.fixedOnResume();
		Map<String, Object> now = given.fixedOnResume();
		for (Map.Entry<String, Object> option : before.entrySet()) {
			Object value = now.get(option.getKey());
			if (!Objects.equals(option.getValue(), value)) {
				throw new ResumeConflictException("the unfinished run of this job used " + option.getKey() + " "
						+ show(option.getValue()) + "; it cannot resume with " + option.getKey() + " " + show(value)
						+ ": run it again with the same value to finish it, or add --new-run to start over");
			}
		}
	}

	private static String show(Object value) {
		return value == null ? "(not given)" : String.valueOf(value);
	}

	private static long sequence(JobExecution execution) {
		return execution.getJobParameters().getLong("run.seq", 0L);
	}

	/**
	 * The newest execution of this source + task + model, or null: instances are read
	 * newest first, a page at a time, and the first of this job is the one with the
	 * highest run sequence (each run of a job starts after the previous one).
	 */
	JobExecution lastExecution(RunRequest request) {
		JobParameters wanted = request.toJobParameters(0);
		for (int start = 0;; start += PAGE) {
			List<JobInstance> page = this.repository.getJobInstances(AnalysisJobConfiguration.JOB, start, PAGE);
			for (JobInstance instance : page) {
				JobExecution execution = this.repository.getLastJobExecution(instance);
				if (execution != null && sameJob(wanted, execution.getJobParameters())) {
					return execution;
				}
			}
			if (page.size() < PAGE) {
				return null;
			}
		}
	}

	private static final int PAGE = 100;

	private static boolean sameJob(JobParameters wanted, JobParameters p) {
		return Objects.equals(wanted.getString("source"), p.getString("source"))
				&& Objects.equals(wanted.getString("task"), p.getString("task"))
				&& Objects.equals(wanted.getString("model"), p.getString("model"));
	}

	/** The lease key of a job: a hash of what identifies it. */
	static String jobKey(RunRequest request) {
		return Sha256.hex(describe(request), 32);
	}

	private static String describe(RunRequest request) {
		return request.source().key() + " | task " + request.modelTasks().task() + " | model "
				+ request.modelTasks().model();
	}

}
