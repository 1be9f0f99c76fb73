package com.qwenbatch.job.partition;

import java.time.LocalDateTime;
import java.util.function.UnaryOperator;

import com.qwenbatch.job.AnalysisJobConfiguration;
import com.qwenbatch.job.AnalyzeStepFactory;
import com.qwenbatch.job.RunPrompts;
import com.qwenbatch.job.RunRequest;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * The step every partition runs, in the manager's process or on a worker: the job's own
 * chunk step over the partition's slice of the source, with the run's prompts and this
 * process's model files.
 */
final class PartitionWorkerStep implements Step {

	static final String NAME = AnalysisJobConfiguration.PARTITION_STEP;

	private final AnalyzeStepFactory steps;

	private final JobRepository jobRepository;

	private final UnaryOperator<RunRequest> modelPlacement;

	PartitionWorkerStep(AnalyzeStepFactory steps, JobRepository jobRepository,
			UnaryOperator<RunRequest> modelPlacement) {
		this.steps = steps;
		this.jobRepository = jobRepository;
		this.modelPlacement = modelPlacement;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public void execute(StepExecution stepExecution) throws JobInterruptedException {
		Step step;
		try {
			RunRequest request = this.modelPlacement.apply(RunRequest.from(stepExecution.getJobParameters()));
			step = this.steps.create(NAME, request, prompts(stepExecution, request),
					PartitionContext.slice(stepExecution.getExecutionContext()));
		}
		catch (RuntimeException ex) {
			// the step never started: record why, or the manager would wait for it
			// forever
			stepExecution.setStatus(BatchStatus.FAILED);
			stepExecution.setExitStatus(ExitStatus.FAILED.addExitDescription(ex));
			stepExecution.addFailureException(ex);
			stepExecution.setEndTime(LocalDateTime.now());
			this.jobRepository.update(stepExecution);
			throw ex;
		}
		step.execute(stepExecution);
	}

	/**
	 * The prompts the run stored when it started (read from the repository on a worker),
	 * or, for a run started by an earlier version that stored none, this machine's.
	 */
	private RunPrompts prompts(StepExecution partition, RunRequest request) {
		// a worker's step execution may come without its job's context: read it whole
		return RunPrompts.in(partition.getJobExecution())
			.orElseGet(() -> RunPrompts.storedOrFolder(
					this.jobRepository.getJobExecution(partition.getJobExecutionId()), request.modelTasks().prompts()));
	}

}
