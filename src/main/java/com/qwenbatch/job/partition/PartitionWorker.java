package com.qwenbatch.job.partition;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.qwenbatch.job.Causes;
import com.qwenbatch.job.DatabaseFailures;
import com.qwenbatch.job.GracefulStop;
import com.qwenbatch.job.RunRequest;
import com.qwenbatch.llm.ModelFingerprint;
import com.qwenbatch.store.PartitionHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
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
 * While it lives, idle or busy, it says so in the database, so the manager can tell "no
 * worker at all" from "workers busy".
 * <p>
 * A request is acknowledged as soon as the partition is claimed: if this process dies
 * after that, the partition is not handed to another worker behind the manager's back;
 * the manager sees the heartbeats stop, fails the partition, and a re-run resumes it from
 * its last committed chunk. Requests for partitions that are no longer waiting to start
 * (left over from an earlier, ended run) or that another worker claimed are dropped.
 * <p>
 * Never leaves because of the broker: a lost connection is waited for with growing
 * pauses. A partition that ends on a lost database connection, or because this worker was
 * asked to stop (SIGTERM), is marked for the manager to hand to a worker again, from its
 * last committed chunk.
 */
public final class PartitionWorker {

	private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

	private final AmqpMessageSource requests;

	private final DeadLetters deadLetters;

	private final JobRepository repository;

	private final StepExecutionRequestHandler handler;

	private final PartitionHeartbeats heartbeats;

	private final String workerId;

	private final String queue;

	private final Duration heartbeatInterval;

	private final Runnable preload;

	private final BrokerOutage broker;

	private final GracefulStop stop;

	private final AtomicBoolean leaving = new AtomicBoolean();

	/** The step execution in hand, or 0 when idle. */
	private final AtomicLong current = new AtomicLong();

	private final AtomicBoolean databaseDown = new AtomicBoolean();

	/** Where this worker finds a run's model files. */
	private final UnaryOperator<RunRequest> placement;

	/** The job executions whose model this worker refused: said once each. */
	private final Set<Long> refusedRuns = new HashSet<>();

	/**
	 * After refusing a request, how long this worker leaves the queue to the others.
	 */
	static final Duration AFTER_A_REFUSAL = Duration.ofSeconds(5);

	PartitionWorker(AmqpMessageSource requests, DeadLetters deadLetters, JobRepository repository,
			StepExecutionRequestHandler handler, PartitionHeartbeats heartbeats, String workerId, String queue,
			Duration heartbeatInterval, Runnable preload, BrokerOutage broker, GracefulStop stop,
			UnaryOperator<RunRequest> placement) {
		this.placement = placement;
		this.preload = preload;
		this.requests = requests;
		this.deadLetters = deadLetters;
		this.repository = repository;
		this.handler = handler;
		this.heartbeats = heartbeats;
		this.workerId = workerId;
		this.queue = queue;
		this.heartbeatInterval = heartbeatInterval;
		this.broker = broker;
		this.stop = stop;
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
	 * Asks the worker to leave (SIGTERM, Ctrl-C; any thread): the partition in hand stops
	 * after its current chunk and goes back to the manager, to be handed to another
	 * worker; no new partition is taken.
	 */
	public void leave() {
		this.leaving.set(true);
		this.stop.request();
	}

	/**
	 * Runs partitions until asked to leave, the thread is interrupted or the process is
	 * stopped, or, when {@code exitWhenIdleSeconds} > 0, until no request came for that
	 * long (time without a broker counts as idle).
	 */
	public void run(int exitWhenIdleSeconds) throws InterruptedException {
		ScheduledExecutorService pulse = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, "heartbeat");
			t.setDaemon(true);
			return t;
		});
		long period = this.heartbeatInterval.toMillis();
		pulse.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
		try {
			log.info("worker {} waiting for partitions on queue {}", this.workerId, this.queue);
			long idleSince = System.nanoTime();
			while (!Thread.currentThread().isInterrupted() && !this.leaving.get()) {
				Message<?> message;
				Duration pause = Duration.ofMillis(500);
				try {
					message = this.requests.receive();
					this.broker.back();
				}
				catch (RuntimeException ex) {
					message = null;
					pause = this.broker.lost(ex);
				}
				if (message == null) {
					if (exitWhenIdleSeconds > 0
							&& System.nanoTime() - idleSince > exitWhenIdleSeconds * 1_000_000_000L) {
						log.info("worker {}: no partition for {} s, leaving", this.workerId, exitWhenIdleSeconds);
						return;
					}
					sleep(pause);
					continue;
				}
				try {
					runPartition(message);
				}
				catch (RuntimeException ex) {
					// e.g. the database was unreachable before the partition was claimed:
					// the request comes back, or the manager sees no heartbeat
					log.error("worker {}: partition request failed: {}", this.workerId, Causes.firstLine(ex));
					log.debug("partition request failure", ex);
				}
				idleSince = System.nanoTime();
			}
			if (this.leaving.get()) {
				log.info("worker {} stopped", this.workerId);
			}
		}
		finally {
			pulse.shutdownNow();
		}
	}

	/** Sleeps in short steps, so a request to leave is seen at once. */
	private void sleep(Duration pause) throws InterruptedException {
		long end = System.nanoTime() + pause.toNanos();
		while (!this.leaving.get() && System.nanoTime() < end) {
			Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
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
			String why = partition.getExitStatus().getExitDescription();
			if (why != null && why.startsWith(PartitionMonitor.NOT_STARTED)) {
				deadLetter(ack, payload, why);
				return;
			}
			acknowledge(ack);
			log.warn("dropping the request for step execution {}: it is {} (left over from an earlier run)",
					request.stepExecutionId(), partition.getStatus());
			return;
		}
		String label = PartitionContext.label(partition.getExecutionContext());
		Optional<String> refusal = refusal(request, partition);
		if (refusal.isPresent()) {
			refuse(ack, request, label, refusal.get());
			return;
		}
		if (!this.heartbeats.claim(partition.getId(), this.workerId)) {
			acknowledge(ack);
			log.warn("dropping the request for partition {}: worker {} claimed it first (the broker delivered it"
					+ " twice)", label, this.heartbeats.claimedBy(partition.getId()));
			return;
		}
		this.current.set(partition.getId());
		String outcome = PartitionHeartbeats.ENDED;
		try {
			acknowledge(ack);
			log.info("worker {} takes partition {} of job execution {}", this.workerId, label,
					request.jobExecutionId());
			StepExecution done = this.handler
				.handle(new StepExecutionRequest(request.stepName(), request.stepExecutionId()));
			outcome = again(done) ? PartitionHeartbeats.AGAIN : PartitionHeartbeats.ENDED;
			log.info("partition {}: {} ({} rows read, {} rejected){}", label, done.getStatus(), done.getReadCount(),
					done.getReadSkipCount(), PartitionHeartbeats.AGAIN.equals(outcome)
							? "; handed back to the manager, to go on from its last committed chunk" : "");
		}
		finally {
			this.current.set(0);
			report(partition.getId(), outcome);
		}
	}

	/**
	 * Why this worker cannot serve the partition's run, if it cannot: it serves another
	 * model ({@code --model}), has no copy of the run's model, or its copy's files differ
	 * from the manager's (other weights, config or tokenizer).
	 */
	private Optional<String> refusal(PartitionRequest request, StepExecution partition) {
		RunRequest run = RunRequest.from(partition.getJobParameters());
		String directory;
		try {
			directory = this.placement.apply(run).modelTasks().modelDirectory();
		}
		catch (RuntimeException ex) {
			return Optional.of(Causes.firstLine(ex));
		}
		if (request.modelFingerprint() == null) {
			return Optional.empty();
		}
		String mine = ModelFingerprint.of(Path.of(directory));
		if (mine.equals(request.modelFingerprint())) {
			return Optional.empty();
		}
		return Optional.of("the run's model " + run.modelTasks().model() + " has files " + request.modelFingerprint()
				+ " on the manager, this worker's copy in " + directory + " has files " + mine
				+ " (other weights, config or tokenizer)");
	}

	/**
	 * Leaves the request on the queue for a worker that can serve it, says so once per
	 * run, records the refusal (the manager counts this worker out for the run) and keeps
	 * off the queue a moment.
	 */
	private void refuse(AcknowledgmentCallback ack, PartitionRequest request, String label, String why) {
		try {
			ack.acknowledge(AcknowledgmentCallback.Status.REQUEUE);
		}
		catch (RuntimeException ex) {
			// the broker is gone: the request comes back by itself
		}
		if (this.refusedRuns.add(request.jobExecutionId())) {
			log.warn("worker {} refuses partition {} of job execution {}: {}; left for a worker with the run's model",
					this.workerId, label, request.jobExecutionId(), why);
		}
		try {
			this.heartbeats.refused(this.workerId, request.jobExecutionId());
			Thread.sleep(AFTER_A_REFUSAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The partition ended for a reason that is not its own: this worker was asked to
	 * leave, or the database connection was lost. Another worker (or this one) goes on
	 * from its last committed chunk.
	 */
	private boolean again(StepExecution done) {
		if (done.getStatus() == BatchStatus.STOPPED && this.leaving.get()) {
			return true;
		}
		boolean failed = done.getStatus() == BatchStatus.FAILED || done.getStatus() == BatchStatus.UNKNOWN;
		return failed && done.getFailureExceptions().stream().anyMatch(DatabaseFailures::isConnectionLoss);
	}

	/**
	 * Tells the manager how the partition ended; waits for the database when it is out of
	 * reach (the manager waits for this word before it decides).
	 */
	private void report(long stepExecutionId, String outcome) {
		Duration pause = Duration.ofSeconds(1);
		while (true) {
			try {
				if (PartitionHeartbeats.AGAIN.equals(outcome)) {
					markEnded(stepExecutionId);
				}
				this.heartbeats.ended(stepExecutionId, outcome);
				return;
			}
			catch (RuntimeException ex) {
				if (!DatabaseFailures.isConnectionLoss(ex)) {
					throw ex;
				}
				log.warn("worker {}: the database is out of reach ({}); retrying in {} s", this.workerId,
						Causes.firstLine(ex), pause.toSeconds());
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15)
						: pause.multipliedBy(2);
			}
		}
	}

	/**
	 * A partition handed back whose end could not be written (the database was gone then)
	 * still reads as running: it is marked failed now, from its committed state.
	 */
	private void markEnded(long stepExecutionId) {
		StepExecution stored = this.repository.getStepExecution(stepExecutionId);
		if (stored != null && stored.getStatus().isRunning()) {
			stored.setStatus(BatchStatus.FAILED);
			stored.setExitStatus(ExitStatus.FAILED.addExitDescription("handed back to the manager"));
			stored.setEndTime(LocalDateTime.now());
			this.repository.update(stored);
		}
	}

	/**
	 * Acknowledges a request; when the broker is gone by now, the request comes back
	 * later and is dropped then (its partition is claimed).
	 */
	private void acknowledge(AcknowledgmentCallback ack) {
		try {
			ack.acknowledge(AcknowledgmentCallback.Status.ACCEPT);
		}
		catch (RuntimeException ex) {
			log.warn("worker {}: could not acknowledge a request ({}); it will come back and be dropped", this.workerId,
					Causes.firstLine(ex));
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
		acknowledge(ack);
		log.warn("worker {}: rejected a partition request ({}); moved to queue {}", this.workerId, reason,
				this.deadLetters.queue());
	}

	private static String firstLine(String text) {
		return text == null ? "" : text.lines().findFirst().orElse("");
	}

	/**
	 * Says this worker is alive, and beats for the partition in hand; a database out of
	 * reach is reported once, not every beat.
	 */
	private void beat() {
		try {
			this.heartbeats.seen(this.workerId, this.queue);
			long partition = this.current.get();
			if (partition != 0) {
				this.heartbeats.beat(partition);
			}
			if (this.databaseDown.getAndSet(false)) {
				log.info("worker {}: the database is back", this.workerId);
			}
		}
		catch (RuntimeException ex) {
			if (!this.databaseDown.getAndSet(true)) {
				log.warn("worker {}: heartbeat failed ({}); retrying", this.workerId, Causes.firstLine(ex));
			}
		}
	}

}
