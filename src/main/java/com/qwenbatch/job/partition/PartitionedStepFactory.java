package com.qwenbatch.job.partition;

import com.qwenbatch.job.AnalyzeStepFactory;
import com.qwenbatch.job.PartitionedSteps;
import com.qwenbatch.job.RunRequest;
import com.qwenbatch.source.Sources;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The manager step of a run with {@code --partitions N}: splits the source into N slices
 * and runs {@link PartitionWorkerStep} on each — on workers behind the broker when one is
 * configured, else one after another in this process (one model, one process: threads
 * would only queue for it).
 */
@Component
public class PartitionedStepFactory implements PartitionedSteps {

	private final JobRepository jobRepository;

	private final AnalyzeStepFactory steps;

	private final Sources sources;

	private final ObjectProvider<BrokerPartitioning> broker;

	PartitionedStepFactory(JobRepository jobRepository, AnalyzeStepFactory steps, Sources sources,
			ObjectProvider<BrokerPartitioning> broker) {
		this.jobRepository = jobRepository;
		this.steps = steps;
		this.sources = sources;
		this.broker = broker;
	}

	@Override
	public Step create(String stepName, RunRequest request, Object watermark) {
		int partitions = request.selection().partitions();
		BrokerPartitioning remote = this.broker.getIfAvailable();
		PartitionHandler handler = remote != null ? remote.handler(partitions) : inThisProcess(partitions);
		return new StepBuilder(stepName, this.jobRepository)
			.partitioner(PartitionWorkerStep.NAME, new SourcePartitioner(request.source(), this.sources, watermark))
			.partitionHandler(handler)
			.gridSize(partitions)
			.build();
	}

	private PartitionHandler inThisProcess(int partitions) {
		TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
		handler.setStep(new PartitionWorkerStep(this.steps, this.jobRepository, WorkerModel.SAME_PROCESS));
		handler.setTaskExecutor(new SyncTaskExecutor());
		handler.setGridSize(partitions);
		return handler;
	}

}
