package com.qwenbatch.job.partition;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.job.Causes;
import com.qwenbatch.job.DatabaseFailures;
import com.qwenbatch.job.GracefulStop;
import com.qwenbatch.store.PartitionHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The manager's view of partitions running elsewhere: sends their requests (again when
 * the broker was out of reach), polls the shared job repository until every partition has
 * ended, prints per-partition progress (rows, rows/s, worker), and handles what happens
 * to them without a person:
 * <ul>
 * <li>a worker that stopped sending heartbeats (killed, crashed, cut off): its partition
 * is failed, so the run ends and a re-run resumes it from its last committed chunk;</li>
 * <li>a partition its worker handed back (a lost database connection, a worker asked to
 * stop): queued again as a new step execution that goes on from its last commit;</li>
 * <li>no worker alive (or only workers whose model differs) for the worker timeout, or
 * the broker out of reach for the broker retry: the queued partitions are failed and the
 * run ends with one line saying what to do;</li>
 * <li>a stop asked for (SIGTERM): queued partitions stop at once, running ones after
 * their chunk in hand.</li>
 * </ul>
 */
final class PartitionMonitor {

	private static final Logger log = LoggerFactory.getLogger("progress");

	/**
	 * How the exit description of a partition given up before any worker took it starts:
	 * a worker that meets its request later moves it to the dead-letter queue.
	 */
	static final String NOT_STARTED = "not started: ";

	private final JobRepository repository;

	private final PartitionHeartbeats heartbeats;

	private final PartitionRequests requests;

	private final GracefulStop stop;

	private final ScaleOutProperties settings;

	private final Duration progressInterval;

	private final Duration databaseRetry;

	/** The run's model files, which every worker must have (null: not checked). */
	private final String modelFingerprint;

	private final PartitionProgress progress = new PartitionProgress();

	/** The step executions whose request is not on the broker yet. */
	private final Set<Long> unsent = new LinkedHashSet<>();

	private long noWorkerSince = -1;

	private boolean stopping;

	/** Why the partitions still waiting were given up, once they were. */
	private PartitionsNotServedException unserved;

	PartitionMonitor(JobRepository repository, PartitionHeartbeats heartbeats, PartitionRequests requests,
			GracefulStop stop, ScaleOutProperties settings, Duration progressInterval, Duration databaseRetry,
			String modelFingerprint) {
		this.modelFingerprint = modelFingerprint;
		this.repository = repository;
		this.heartbeats = heartbeats;
		this.requests = requests;
		this.stop = stop;
		this.settings = settings;
		this.progressInterval = progressInterval;
		this.databaseRetry = databaseRetry;
	}

	/**
	 * Sends a request for each partition, then blocks until none is running; returns
	 * their final state from the repository (a partition queued again counts by its last
	 * step execution; the earlier ones keep the rows they committed).
	 */
	List<StepExecution> awaitAll(List<StepExecution> partitions, JobExecution job) throws InterruptedException {
		List<Long> ids = new ArrayList<>(partitions.stream().map(StepExecution::getId).toList());
		this.unsent.addAll(ids);
		long lastPrint = System.nanoTime() - this.progressInterval.toNanos();
		long databaseLostAt = -1;
		while (true) {
			List<StepExecution> current;
			Map<Long, PartitionHeartbeats.Beat> beats;
			try {
				sendWaiting(job);
				current = read(ids);
				beats = this.heartbeats.latest(ids);
				if (databaseLostAt >= 0) {
					log.info("the database is back");
					databaseLostAt = -1;
				}
			}
			catch (RuntimeException ex) {
				if (!DatabaseFailures.isConnectionLoss(ex)) {
					throw ex;
				}
				if (databaseLostAt < 0) {
					databaseLostAt = System.nanoTime();
					log.warn("the database is out of reach ({}); waiting for it (--db-retry {} s)",
							Causes.firstLine(ex), this.databaseRetry.toSeconds());
				}
				else if (System.nanoTime() - databaseLostAt > this.databaseRetry.toNanos()) {
					throw ex;
				}
				Thread.sleep(this.settings.pollInterval().toMillis());
				continue;
			}
			for (StepExecution partition : current) {
				failIfWorkerLost(partition, beats.get(partition.getId()));
			}
			queueAgainWhatWasHandedBack(current, beats, ids, job);
			if (this.stop.requested() && !this.stopping) {
				stopAll(current, beats, job);
			}
			if (this.unserved == null) {
				this.unserved = giveUpWhenNobodyServes(current, beats, job);
			}
			boolean settled = current.stream().allMatch((p) -> settled(p, beats.get(p.getId())));
			if (settled || System.nanoTime() - lastPrint >= this.progressInterval.toNanos()) {
				this.progress.print(current, beats);
				lastPrint = System.nanoTime();
			}
			if (settled) {
				if (this.unserved != null && !this.stopping) {
					throw this.unserved;
				}
				return current;
			}
			Thread.sleep(this.settings.pollInterval().toMillis());
		}
	}

	private List<StepExecution> read(List<Long> ids) {
		List<StepExecution> current = new ArrayList<>();
		for (Long id : ids) {
			current.add(this.repository.getStepExecution(id));
		}
		return current;
	}

	/**
	 * Puts the requests not sent yet on the broker; those it cannot take now stay for the
	 * next poll.
	 */
	private void sendWaiting(JobExecution job) {
		for (Long id : List.copyOf(this.unsent)) {
			if (this.stopping || !this.requests
				.trySend(new PartitionRequest(PartitionWorkerStep.NAME, job.getId(), id, this.modelFingerprint))) {
				return;
			}
			this.unsent.remove(id);
		}
	}

	/**
	 * An ended partition is settled once its worker said how it ended, or when its worker
	 * is gone; a partition that ended on the manager's side (never claimed) is settled at
	 * once.
	 */
	private boolean settled(StepExecution partition, PartitionHeartbeats.Beat beat) {
		if (partition.getStatus().isRunning()) {
			return false;
		}
		return beat == null || beat.outcome() != null || beat.ageSeconds() >= this.settings.workerTimeout().toSeconds();
	}

	private void failIfWorkerLost(StepExecution partition, PartitionHeartbeats.Beat beat) {
		// STARTING with a heartbeat: claimed by a worker that died before the step began
		if (!partition.getStatus().isRunning() || beat == null || beat.outcome() != null
				|| beat.ageSeconds() < this.settings.workerTimeout().toSeconds()) {
			return;
		}
		String why = String.format(
				"partition %s: worker %s sent no heartbeat for %.0f s (killed or cut off);"
						+ " marked failed, re-run the same command to finish it",
				PartitionContext.label(partition.getExecutionContext()), beat.workerId(), beat.ageSeconds());
		log.warn(why);
		end(partition, BatchStatus.FAILED, ExitStatus.FAILED, why);
		partition.addFailureException(new IllegalStateException(why));
	}

	/**
	 * A partition its worker handed back goes on from its last commit: a new step
	 * execution of the same partition, with the committed context (reader position),
	 * queued again. Not while stopping: then a re-run resumes it.
	 */
	private void queueAgainWhatWasHandedBack(List<StepExecution> current, Map<Long, PartitionHeartbeats.Beat> beats,
			List<Long> ids, JobExecution job) {
		if (this.stopping) {
			return;
		}
		for (int i = 0; i < current.size(); i++) {
			StepExecution ended = current.get(i);
			PartitionHeartbeats.Beat beat = beats.get(ended.getId());
			if (ended.getStatus().isRunning() || beat == null || !PartitionHeartbeats.AGAIN.equals(beat.outcome())) {
				continue;
			}
			StepExecution again = this.repository.createStepExecution(ended.getStepName(), job);
			again.setExecutionContext(ended.getExecutionContext());
			this.repository.updateExecutionContext(again);
			log.info("partition {}: handed back by worker {}; queued again from its last committed chunk",
					PartitionContext.label(ended.getExecutionContext()), beat.workerId());
			ids.set(i, again.getId());
			current.set(i, again);
			this.unsent.add(again.getId());
		}
	}

	/**
	 * SIGTERM: queued partitions stop now; running ones stop after their chunk in hand
	 * (workers see the job stopping when they commit it).
	 */
	private void stopAll(List<StepExecution> current, Map<Long, PartitionHeartbeats.Beat> beats, JobExecution job) {
		this.stopping = true;
		long running = 0;
		for (StepExecution partition : current) {
			if (partition.getStatus() == BatchStatus.STARTING && beats.get(partition.getId()) == null) {
				end(partition, BatchStatus.STOPPED, ExitStatus.STOPPED, "stopped before a worker took it");
			}
			else if (partition.getStatus().isRunning()) {
				running++;
			}
		}
		this.unsent.clear();
		job.setStatus(BatchStatus.STOPPING);
		this.repository.update(job);
		log.info("stopping: queued partitions stopped; {} running partition(s) stop after their chunk in hand",
				running);
	}

	/**
	 * When partitions wait for a worker and none can serve them for the worker timeout,
	 * or the broker stays out of reach for the broker retry, the waiting partitions are
	 * failed; returns the failure to end the run with once running partitions ended, or
	 * null.
	 */
	private PartitionsNotServedException giveUpWhenNobodyServes(List<StepExecution> current,
			Map<Long, PartitionHeartbeats.Beat> beats, JobExecution job) {
		List<StepExecution> waiting = current.stream()
			.filter((p) -> p.getStatus() == BatchStatus.STARTING && beats.get(p.getId()) == null)
			.toList();
		if (waiting.isEmpty() || this.stopping) {
			this.noWorkerSince = -1;
			return null;
		}
		String why = brokerGone(waiting.size());
		String partitionWhy = NOT_STARTED + "the broker was out of reach";
		if (why == null) {
			why = noWorker(waiting.size(), current, job);
			partitionWhy = NOT_STARTED + "no worker could serve it";
		}
		if (why == null) {
			return null;
		}
		log.error(why);
		for (StepExecution partition : waiting) {
			end(partition, BatchStatus.FAILED, ExitStatus.FAILED, partitionWhy);
		}
		this.unsent.clear();
		return new PartitionsNotServedException(why);
	}

	private String brokerGone(int waiting) {
		if (!this.requests.reachable()) {
			BrokerOutage outage = this.requests.outage();
			if (outage.length().compareTo(this.settings.brokerRetry()) >= 0) {
				return String.format(
						"the broker %s was out of reach for %d s (--broker-retry): %d partition(s) not started",
						outage.broker(), this.settings.brokerRetry().toSeconds(), waiting);
			}
		}
		return null;
	}

	private String noWorker(int waiting, List<StepExecution> current, JobExecution job) {
		boolean running = current.stream()
			.anyMatch((p) -> p.getStatus().isRunning() && p.getStatus() != BatchStatus.STARTING);
		List<PartitionHeartbeats.Worker> workers = this.heartbeats.workers(this.settings.queue(), job.getId());
		double timeout = this.settings.workerTimeout().toSeconds();
		boolean serving = running || workers.stream().anyMatch((w) -> w.ageSeconds() < timeout && !w.refusedThisRun());
		if (serving) {
			this.noWorkerSince = -1;
			return null;
		}
		if (this.noWorkerSince < 0) {
			this.noWorkerSince = System.nanoTime();
		}
		if (System.nanoTime() - this.noWorkerSince < this.settings.workerTimeout().toNanos()) {
			return null;
		}
		List<String> refusing = workers.stream()
			.filter((w) -> w.ageSeconds() < timeout && w.refusedThisRun())
			.map(PartitionHeartbeats.Worker::workerId)
			.toList();
		return String.format(
				"%d partition(s) still queued and no worker %s for %d s (--worker-timeout)%s: start one" + " with `%s`",
				waiting, refusing.isEmpty() ? "took one" : "with this run's model files",
				this.settings.workerTimeout().toSeconds(),
				refusing.isEmpty() ? "" : "; refused by " + String.join(", ", refusing) + " (their model files differ)",
				this.settings.workerCommand());
	}

	private void end(StepExecution partition, BatchStatus status, ExitStatus exit, String why) {
		partition.setStatus(status);
		partition.setExitStatus(exit.addExitDescription(why));
		partition.setEndTime(LocalDateTime.now());
		this.repository.update(partition);
	}

	/** The partitions could not be served: no worker, or no broker. */
	static final class PartitionsNotServedException extends RuntimeException {

		PartitionsNotServedException(String message) {
			super(message);
		}

	}

}
