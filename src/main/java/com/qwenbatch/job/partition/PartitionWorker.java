package com.qwenbatch.job.partition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.qwenbatch.store.PartitionHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.integration.StaticMessageHeaderAccessor;
import org.springframework.integration.acks.AcknowledgmentCallback;
import org.springframework.integration.amqp.inbound.AmqpMessageSource;
import org.springframework.messaging.Message;

/**
 * A worker process: takes one partition request at a time from the broker (only when
 * idle, so a worker that joins late gets the partitions still queued), runs it with
 * Spring Batch's {@link StepExecutionRequestHandler}, and sends heartbeats while it does.
 * <p>
 * A request is acknowledged as soon as the partition is claimed: if this process dies
 * after that, the partition is not handed to another worker behind the manager's back;
 * the manager sees the heartbeats stop, fails the partition, and a re-run resumes it from
 * its last committed chunk. Requests for partitions that are no longer waiting to start
 * (left over from an earlier, ended run) are dropped.
 */
public final class PartitionWorker {

	private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

	private final AmqpMessageSource requests;

	private final DeadLetters deadLetters;

	private final JobRepository repository;

	private final StepExecutionRequestHandler handler;

	private final PartitionHeartbeats heartbeats;

	private final String workerId;

	private final Duration heartbeatInterval;

	private final Runnable preload;

	PartitionWorker(AmqpMessageSource requests, DeadLetters deadLetters, JobRepository repository,
			StepExecutionRequestHandler handler, PartitionHeartbeats heartbeats, String workerId,
			Duration heartbeatInterval, Runnable preload) {
		this.preload = preload;
		this.requests = requests;
		this.deadLetters = deadLetters;
		this.repository = repository;
		this.handler = handler;
		this.heartbeats = heartbeats;
		this.workerId = workerId;
		this.heartbeatInterval = heartbeatInterval;
	}

	public String workerId() {
		return this.workerId;
	}

	/**
	 * Loads the model this worker serves now, so a missing model fails at start, not
	 * mid-run.
	 */
	public void preload() {
		this.preload.run();
	}

	/**
	 * Runs partitions until the thread is interrupted or the process is stopped, or, when
	 * {@code exitWhenIdleSeconds} > 0, until no request came for that long.
	 */
	public void run(int exitWhenIdleSeconds) throws InterruptedException {
		log.info("worker {} waiting for partitions", this.workerId);
		long idleSince = System.nanoTime();
		while (!Thread.currentThread().isInterrupted()) {
			Message<?> message = this.requests.receive();
			if (message == null) {
				if (exitWhenIdleSeconds > 0 && System.nanoTime() - idleSince > exitWhenIdleSeconds * 1_000_000_000L) {
					log.info("worker {}: no partition for {} s, leaving", this.workerId, exitWhenIdleSeconds);
					return;
				}
				Thread.sleep(500);
				continue;
			}
			try {
				runPartition(message);
			}
			catch (RuntimeException ex) {
				// e.g. the database was unreachable: the manager sees no heartbeat and
				// fails the partition
				log.error("worker {}: partition request failed: {}", this.workerId, ex.toString());
				log.debug("partition request failure", ex);
			}
			idleSince = System.nanoTime();
		}
	}

	/**
	 * Claims the partition (first heartbeat) before acknowledging the request: a worker
	 * that dies before the claim leaves the request unacknowledged, so the broker hands
	 * it to another worker; one that dies after it stops beating, and the manager fails
	 * the partition.
	 */
	private void runPartition(Message<?> message) {
		AcknowledgmentCallback ack = StaticMessageHeaderAccessor.getAcknowledgmentCallback(message);
		String payload = message.getPayload() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
				: String.valueOf(message.getPayload());
		PartitionRequest request;
		try {
			request = PartitionRequest.fromJson(payload);
		}
		catch (RuntimeException ex) {
			deadLetter(ack, payload, "not a partition request: " + firstLine(ex.getMessage()));
			return;
		}
		if (!PartitionWorkerStep.NAME.equals(request.stepName())) {
			deadLetter(ack, payload, "unknown step '" + request.stepName() + "'");
			return;
		}
		StepExecution partition = stepExecution(request.stepExecutionId());
		if (partition == null) {
			deadLetter(ack, payload, "no step execution " + request.stepExecutionId() + " in the job repository");
			return;
		}
		if (partition.getStatus() != BatchStatus.STARTING) {
			ack.acknowledge(AcknowledgmentCallback.Status.ACCEPT);
			log.warn("dropping the request for step execution {}: it is {} (left over from an earlier run)",
					request.stepExecutionId(), partition.getStatus());
			return;
		}
		String label = PartitionContext.label(partition.getExecutionContext());
		this.heartbeats.claim(partition.getId(), this.workerId);
		ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, "heartbeat");
			t.setDaemon(true);
			return t;
		});
		long period = this.heartbeatInterval.toMillis();
		beat.scheduleAtFixedRate(() -> beat(partition.getId()), period, period, TimeUnit.MILLISECONDS);
		try {
			ack.acknowledge(AcknowledgmentCallback.Status.ACCEPT);
			log.info("worker {} takes partition {} of job execution {}", this.workerId, label,
					request.jobExecutionId());
			StepExecution done = this.handler
				.handle(new StepExecutionRequest(request.stepName(), request.stepExecutionId()));
			log.info("partition {}: {} ({} rows read, {} rejected)", label, done.getStatus(), done.getReadCount(),
					done.getReadSkipCount());
		}
		finally {
			beat.shutdownNow();
		}
	}

	/** The step execution, or null when the repository has none with that id. */
	private StepExecution stepExecution(long id) {
		try {
			return this.repository.getStepExecution(id);
		}
		catch (EmptyResultDataAccessException ex) {
			return null;
		}
	}

	/**
	 * Moves a request no worker can run to the dead-letter queue (never back to the
	 * request queue).
	 */
	private void deadLetter(AcknowledgmentCallback ack, String payload, String reason) {
		this.deadLetters.send(payload, reason);
		ack.acknowledge(AcknowledgmentCallback.Status.ACCEPT);
		log.warn("worker {}: rejected a partition request ({}); moved to queue {}", this.workerId, reason,
				this.deadLetters.queue());
	}

	private static String firstLine(String text) {
		return text == null ? "" : text.lines().findFirst().orElse("");
	}

	private void beat(long stepExecutionId) {
		try {
			this.heartbeats.beat(stepExecutionId);
		}
		catch (RuntimeException ex) {
			log.warn("heartbeat failed: {}", ex.getMessage());
		}
	}

}
