package com.qwenbatch.job.partition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.qwenbatch.job.GracefulStop;
import com.qwenbatch.job.RunRequest;
import com.qwenbatch.llm.ModelFingerprint;
import com.qwenbatch.store.PartitionHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The manager's side of remote partitioning: splits the step (on a restart, only the
 * partitions that did not complete), then hands the partitions to the
 * {@link PartitionMonitor}, which puts one request per partition on the broker and waits
 * for the workers through the shared job repository.
 */
final class BrokerPartitionHandler implements PartitionHandler {

	private static final Logger log = LoggerFactory.getLogger(BrokerPartitionHandler.class);

	private final PartitionRequests requests;

	private final JobRepository repository;

	private final PartitionHeartbeats heartbeats;

	private final GracefulStop stop;

	private final ScaleOutProperties settings;

	private final int gridSize;

	BrokerPartitionHandler(PartitionRequests requests, JobRepository repository, PartitionHeartbeats heartbeats,
			GracefulStop stop, ScaleOutProperties settings, int gridSize) {
		this.requests = requests;
		this.repository = repository;
		this.heartbeats = heartbeats;
		this.stop = stop;
		this.settings = settings;
		this.gridSize = gridSize;
	}

	@Override
	public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStep)
			throws Exception {
		Set<StepExecution> split = splitter.split(managerStep, this.gridSize);
		List<StepExecution> partitions = split.stream()
			.sorted(Comparator.comparing(StepExecution::getStepName))
			.toList();
		log.info("{} of {} partitions for the broker ({}, queue {}); waiting for workers", partitions.size(),
				this.gridSize, this.settings.broker(), this.requests.destination());
		RunRequest run = RunRequest.from(managerStep.getJobParameters());
		Duration databaseRetry = Duration.ofSeconds(run.limits().databaseRetrySeconds());
		String fingerprint = fingerprint(run);
		PartitionMonitor monitor = new PartitionMonitor(this.repository, this.heartbeats, this.requests, this.stop,
				this.settings, Duration.ofSeconds(10), databaseRetry, fingerprint);
		return monitor.awaitAll(partitions, managerStep.getJobExecution());
	}

	/**
	 * The fingerprint of the run's model files on this machine, which every worker must
	 * match; null when this machine has no copy (workers are then not checked).
	 */
	private static String fingerprint(RunRequest run) {
		String directory = run.modelTasks().modelDirectory();
		if (directory == null || !Files.isDirectory(Path.of(directory))) {
			log.warn("the model's files are not on this machine: workers cannot be checked against them");
			return null;
		}
		String fingerprint = ModelFingerprint.of(Path.of(directory));
		log.info("model {}: files {}; workers with other files refuse its partitions", run.modelTasks().model(),
				fingerprint);
		return fingerprint;
	}

}
