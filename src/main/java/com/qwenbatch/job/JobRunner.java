package com.qwenbatch.job;

import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Starts or resumes the analysis job. The same command resumes the last run of the same source,
 * task and model when it did not complete (a crash leaves it STARTED: it is marked failed and
 * restarted from its last committed chunk); after a completed run it starts the next one.
 */
@Component
public class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private static final Set<BatchStatus> UNFINISHED = EnumSet.of(BatchStatus.FAILED, BatchStatus.STOPPED,
			BatchStatus.STARTED, BatchStatus.STARTING, BatchStatus.STOPPING, BatchStatus.UNKNOWN);

	private static final Set<BatchStatus> CRASHED = EnumSet.of(BatchStatus.STARTED, BatchStatus.STARTING,
			BatchStatus.STOPPING, BatchStatus.UNKNOWN);

	private final JobOperator operator;

	private final JobRepository repository;

	private final Job job;

	public JobRunner(JobOperator operator, JobRepository repository, Job analysisJob) {
		this.operator = operator;
		this.repository = repository;
		this.job = analysisJob;
	}

	public RunOutcome run(RunSettings settings, boolean newRun) throws Exception {
		JobExecution last = lastExecution(settings);
		JobExecution execution;
		boolean resumed = false;
		if (last != null && UNFINISHED.contains(last.getStatus()) && !newRun) {
			if (CRASHED.contains(last.getStatus())) {
				log.warn("execution {} was left {} (the process died); marking it failed and resuming", last.getId(),
						last.getStatus());
				last = this.operator.recover(last);
			}
			log.info("resuming execution {} of job instance {} from its last committed chunk", last.getId(),
					last.getJobInstanceId());
			execution = this.operator.restart(last);
			resumed = true;
		}
		else {
			if (last != null && UNFINISHED.contains(last.getStatus())) {
				if (CRASHED.contains(last.getStatus())) {
					last = this.operator.recover(last);
				}
				this.operator.abandon(last);
				log.info("--new-run: abandoned unfinished execution {}", last.getId());
			}
			long sequence = last == null ? 1 : last.getJobParameters().getLong("run.seq", 0L) + 1;
			execution = this.operator.start(this.job, settings.toJobParameters(sequence));
		}
		// reloaded: partitions run on workers update the repository, not this object
		JobExecution stored = this.repository.getJobExecution(execution.getId());
		return RunOutcome.of(stored != null ? stored : execution, execution, resumed, settings.maxRejectedPercent());
	}

	/** The newest execution of this source + task + model, or null. */
	JobExecution lastExecution(RunSettings settings) {
		JobParameters wanted = settings.toJobParameters(0);
		JobExecution newest = null;
		for (JobInstance instance : this.repository.findJobInstances(AnalysisJobConfiguration.JOB)) {
			JobExecution execution = this.repository.getLastJobExecution(instance);
			if (execution == null) {
				continue;
			}
			JobParameters p = execution.getJobParameters();
			boolean same = wanted.getString("source").equals(p.getString("source"))
					&& wanted.getString("task").equals(p.getString("task"))
					&& wanted.getString("model").equals(p.getString("model"));
			if (same && (newest == null
					|| p.getLong("run.seq", 0L) > newest.getJobParameters().getLong("run.seq", 0L))) {
				newest = execution;
			}
		}
		return newest;
	}

}
