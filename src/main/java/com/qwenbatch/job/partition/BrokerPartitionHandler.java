package com.qwenbatch.job.partition;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.step.StepExecution;

/**
 * The manager's side of remote partitioning: splits the step (on a restart, only the
 * partitions that did not complete), puts one request per partition on the broker, then
 * waits for the workers through the shared job repository.
 */
final class BrokerPartitionHandler implements PartitionHandler {

	private static final Logger log = LoggerFactory.getLogger(BrokerPartitionHandler.class);

	private final PartitionRequests requests;

	private final PartitionMonitor monitor;

	private final int gridSize;

	BrokerPartitionHandler(PartitionRequests requests, PartitionMonitor monitor, int gridSize) {
		this.requests = requests;
		this.monitor = monitor;
		this.gridSize = gridSize;
	}

	@Override
	public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStep)
			throws Exception {
		Set<StepExecution> split = splitter.split(managerStep, this.gridSize);
		List<StepExecution> partitions = split.stream()
			.sorted(Comparator.comparing(StepExecution::getStepName))
			.toList();
		for (StepExecution partition : partitions) {
			this.requests
				.send(new PartitionRequest(PartitionWorkerStep.NAME, partition.getJobExecutionId(), partition.getId()));
		}
		log.info("sent {} of {} partitions to the broker ({}); waiting for workers", partitions.size(), this.gridSize,
				this.requests.destination());
		return this.monitor.awaitAll(partitions);
	}

}
