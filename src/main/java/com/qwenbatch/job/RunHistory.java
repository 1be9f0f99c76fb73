package com.qwenbatch.job;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Past runs as the job repository recorded them, newest first: what a person looks at
 * first.
 */
@Component
public class RunHistory {

	private final JobRepository repository;

	RunHistory(JobRepository repository) {
		this.repository = repository;
	}

	/**
	 * One run: what it read, how it ended. {@code request} is null for an execution
	 * without one.
	 */
	public record PastRun(long id, LocalDateTime start, LocalDateTime end, String status, RunRequest request,
			RunOutcome outcome) {

		public String source() {
			return this.request == null ? "" : this.request.source().name();
		}

		public String task() {
			return this.request == null ? "" : this.request.modelTasks().task();
		}

		public String model() {
			return this.request == null ? "" : this.request.modelTasks().model();
		}

		/**
		 * Still running (or left running by a process that died: the next run finds out).
		 */
		public boolean running() {
			return BatchStatus.valueOf(this.status).isRunning();
		}

	}

	/** A step (or partition) of a run. */
	public record StepRun(String name, String status, LocalDateTime start, LocalDateTime end, long read, long written,
			long rejected, long commits, long rollbacks, String exitDescription) {
	}

	/** The newest {@code limit} runs, newest first. */
	public List<PastRun> list(int limit) {
		List<JobExecution> executions = new ArrayList<>();
		for (JobInstance instance : this.repository.findJobInstances(AnalysisJobConfiguration.JOB)) {
			executions.addAll(this.repository.getJobExecutions(instance));
		}
		return executions.stream()
			.sorted(Comparator.comparingLong(JobExecution::getId).reversed())
			.limit(limit)
			.map(RunHistory::pastRun)
			.toList();
	}

	public Optional<PastRun> find(long id) {
		try {
			return Optional.ofNullable(this.repository.getJobExecution(id)).map(RunHistory::pastRun);
		}
		catch (EmptyResultDataAccessException ex) {
			return Optional.empty();
		}
	}

	/** Every step of a run, partitions included, in the order they started. */
	public List<StepRun> steps(long id) {
		JobExecution execution = this.repository.getJobExecution(id);
		return execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparingLong(StepExecution::getId))
			.map((s) -> new StepRun(s.getStepName(), s.getStatus().name(), s.getStartTime(), s.getEndTime(),
					s.getReadCount() + s.getReadSkipCount(), s.getWriteCount(), s.getReadSkipCount(),
					s.getCommitCount(), s.getRollbackCount(), firstLine(s.getExitStatus().getExitDescription())))
			.toList();
	}

	private static PastRun pastRun(JobExecution execution) {
		RunRequest request = RunRequest.readable(execution.getJobParameters()).orElse(null);
		double maxRejected = request == null ? 100 : request.limits().maxRejectedPercent();
		return new PastRun(execution.getId(), execution.getStartTime(), execution.getEndTime(),
				execution.getStatus().name(), request, RunOutcome.of(execution, execution, false, maxRejected));
	}

	private static String firstLine(String text) {
		return text == null ? "" : text.lines().findFirst().orElse("");
	}

}
