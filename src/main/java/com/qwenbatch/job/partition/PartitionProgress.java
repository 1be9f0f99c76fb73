package com.qwenbatch.job.partition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.store.PartitionHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;

/**
 * The manager's progress lines for partitions running elsewhere: per partition its state,
 * rows, rows/s and worker, then the total.
 */
final class PartitionProgress {

	private static final Logger log = LoggerFactory.getLogger("progress");

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

	void print(List<StepExecution> partitions, Map<Long, PartitionHeartbeats.Beat> beats) {
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
			String state = p.getStatus() == BatchStatus.STARTING && beat == null ? "queued, waiting for a worker"
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
