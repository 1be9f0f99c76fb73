package com.qwenbatch.job.partition;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.store.PartitionHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The manager's view of partitions running elsewhere: polls the shared job repository
 * until every partition has ended, prints per-partition progress (rows, rows/s, worker),
 * and fails a partition whose worker stopped sending heartbeats (killed, crashed, cut
 * off) so the run ends and a re-run resumes it from its last committed chunk.
 */
final class PartitionMonitor {

	private static final Logger log = LoggerFactory.getLogger("progress");

	private final JobRepository repository;

	private final PartitionHeartbeats heartbeats;

	private final Duration workerTimeout;

	private final Duration pollInterval;

	private final Duration progressInterval;

	/**
	 * Rows and time when the manager first saw a partition running: rates on the
	 * manager's clock.
	 */
	private record Seen(long rows, long nanos) {
	}

	private final Map<Long, Seen> firstSeen = new HashMap<>();

	private final long startNanos = System.nanoTime();

	/**
	 * Rows already done (by an earlier run) when this run started waiting: not part of
	 * its rate.
	 */
	private long rowsAtStart = -1;

	PartitionMonitor(JobRepository repository, PartitionHeartbeats heartbeats, Duration workerTimeout,
			Duration pollInterval, Duration progressInterval) {
		this.repository = repository;
		this.heartbeats = heartbeats;
		this.workerTimeout = workerTimeout;
		this.pollInterval = pollInterval;
		this.progressInterval = progressInterval;
	}

	/**
	 * Blocks until no partition is running; returns their final state from the
	 * repository.
	 */
	Collection<StepExecution> awaitAll(Collection<StepExecution> partitions) throws InterruptedException {
		List<Long> ids = partitions.stream().map(StepExecution::getId).toList();
		long lastPrint = System.nanoTime() - this.progressInterval.toNanos();
		while (true) {
			List<StepExecution> current = new ArrayList<>();
			for (Long id : ids) {
				current.add(this.repository.getStepExecution(id));
			}
			Map<Long, PartitionHeartbeats.Beat> beats = this.heartbeats.latest(ids);
			for (StepExecution partition : current) {
				failIfWorkerLost(partition, beats.get(partition.getId()));
			}
			boolean running = current.stream().anyMatch((p) -> p.getStatus().isRunning());
			if (!running || System.nanoTime() - lastPrint >= this.progressInterval.toNanos()) {
				print(current, beats);
				lastPrint = System.nanoTime();
			}
			if (!running) {
				return current;
			}
			Thread.sleep(this.pollInterval.toMillis());
		}
	}

	private void failIfWorkerLost(StepExecution partition, PartitionHeartbeats.Beat beat) {
		// STARTING with a heartbeat: claimed by a worker that died before the step began
		if (!partition.getStatus().isRunning() || beat == null || beat.ageSeconds() < this.workerTimeout.toSeconds()) {
			return;
		}
		String why = String.format(
				"partition %s: worker %s sent no heartbeat for %.0f s (killed or cut off);"
						+ " marked failed, re-run the same command to finish it",
				PartitionContext.label(partition.getExecutionContext()), beat.workerId(), beat.ageSeconds());
		log.warn(why);
		partition.setStatus(BatchStatus.FAILED);
		partition.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
		partition.addFailureException(new IllegalStateException(why));
		partition.setEndTime(LocalDateTime.now());
		this.repository.update(partition);
	}

	private void print(List<StepExecution> partitions, Map<Long, PartitionHeartbeats.Beat> beats) {
		long totalRows = 0;
		int ended = 0;
		for (StepExecution p : partitions) {
			long rows = p.getReadCount() + p.getReadSkipCount();
			totalRows += rows;
			PartitionHeartbeats.Beat beat = beats.get(p.getId());
			String worker = beat == null ? "-" : beat.workerId();
			double rate = rate(p, rows);
			if (!p.getStatus().isRunning()) {
				ended++;
			}
			String state = p.getStatus() == BatchStatus.STARTING ? "queued, waiting for a worker"
					: p.getStatus().name();
			log.info(String.format("partition %s: %s, %d rows, %.2f rows/s, worker %s",
					PartitionContext.label(p.getExecutionContext()), state, rows, rate, worker));
		}
		long rowsAtStart = this.rowsAtStart < 0 ? (this.rowsAtStart = totalRows) : this.rowsAtStart;
		double seconds = (System.nanoTime() - this.startNanos) / 1e9;
		log.info(String.format("partitions: %d/%d ended, %d rows, %.2f rows/s", ended, partitions.size(), totalRows,
				seconds > 0 ? (totalRows - rowsAtStart) / seconds : 0));
	}

	private double rate(StepExecution partition, long rows) {
		if (partition.getStatus() == BatchStatus.STARTING) {
			return 0;
		}
		Seen seen = this.firstSeen.computeIfAbsent(partition.getId(), (id) -> new Seen(rows, System.nanoTime()));
		if (!partition.getStatus().isRunning() && partition.getStartTime() != null && partition.getEndTime() != null) {
			double seconds = Duration.between(partition.getStartTime(), partition.getEndTime()).toMillis() / 1000.0;
			return seconds > 0 ? rows / seconds : 0;
		}
		double seconds = (System.nanoTime() - seen.nanos()) / 1e9;
		return seconds > 0 ? (rows - seen.rows()) / seconds : 0;
	}

}
