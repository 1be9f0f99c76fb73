package com.qwenbatch.store;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One live run per job. A run takes the job's lease (a row keyed by the job) and renews
 * it with a heartbeat; a second run finds it held and is refused. A lease is free again
 * when its holder releases it, when its heartbeat is older than the timeout (a process
 * that died, or lost its database, on any machine), or at once when its holder was a
 * process on this machine that is gone (killed: its pid no longer runs).
 */
public class RunLease {

	private static final Logger log = LoggerFactory.getLogger(RunLease.class);

	private final JdbcTemplate jdbc;

	private final Duration timeout;

	private final String owner;

	/** The live run that holds a job's lease. */
	public record Holder(String owner, LocalDateTime startedAt, double secondsSinceHeartbeat) {
	}

	/** Thrown when another live run holds the lease. */
	public static class HeldElsewhereException extends RuntimeException {

		private final transient Holder holder;

		HeldElsewhereException(Holder holder) {
			super("another run of this job is still running: " + holder.owner() + ", started "
					+ holder.startedAt().withNano(0).toString().replace('T', ' ') + " (last heartbeat "
					+ Math.round(holder.secondsSinceHeartbeat()) + " s ago)");
			this.holder = holder;
		}

		public Holder holder() {
			return this.holder;
		}

	}

	public RunLease(DataSource dataSource, Duration timeout) {
		this(dataSource, timeout, thisProcess());
	}

	RunLease(DataSource dataSource, Duration timeout, String owner) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.timeout = timeout;
		this.owner = owner;
	}

	/** host:pid of this process. */
	public static String thisProcess() {
		return thisHost() + ":" + ManagementFactory.getRuntimeMXBean().getPid();
	}

	/** This machine's host name. */
	public static String thisHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

	/**
	 * Takes the lease of {@code jobKey} (a short key, e.g. a hash) for {@code job} (what
	 * people read), or throws {@link HeldElsewhereException} naming the live run that
	 * holds it.
	 */
	public Held acquire(String jobKey, String job) {
		try {
			this.jdbc.update("INSERT INTO qb_run_lease (job_key, job, owner, started_at, heartbeat_at)"
					+ " VALUES (?, ?, ?, LOCALTIMESTAMP, LOCALTIMESTAMP)", jobKey, truncate(job), this.owner);
			return new Held(jobKey);
		}
		catch (DuplicateKeyException ex) {
			// held, or left behind: see whose it is
		}
		Optional<Current> current = current(jobKey);
		if (current.isEmpty()) {
			return acquire(jobKey, job); // released in between
		}
		Current lease = current.get();
		if (!isLive(lease)) {
			int taken = this.jdbc.update(
					"UPDATE qb_run_lease SET owner = ?, job = ?, started_at = LOCALTIMESTAMP,"
							+ " heartbeat_at = LOCALTIMESTAMP WHERE job_key = ? AND owner = ? AND heartbeat_at = ?",
					this.owner, truncate(job), jobKey, lease.owner(), lease.heartbeatAt());
			if (taken == 1) {
				log.info("the previous run of this job ({}) is gone; taking over", lease.owner());
				return new Held(jobKey);
			}
			return acquire(jobKey, job); // someone else took it first: look again
		}
		throw new HeldElsewhereException(new Holder(lease.owner(), lease.startedAt().toLocalDateTime(), lease.age()));
	}

	private record Current(String owner, Timestamp startedAt, Timestamp heartbeatAt, double age) {
	}

	private Optional<Current> current(String jobKey) {
		List<Current> rows = this.jdbc.query(
				"SELECT owner, started_at, heartbeat_at, LOCALTIMESTAMP FROM qb_run_lease WHERE job_key = ?",
				(rs, n) -> new Current(rs.getString(1), rs.getTimestamp(2), rs.getTimestamp(3),
						(rs.getTimestamp(4).getTime() - rs.getTimestamp(3).getTime()) / 1000.0),
				jobKey);
		return rows.stream().findFirst();
	}

	private boolean isLive(Current lease) {
		if (lease.age() > this.timeout.toSeconds()) {
			return false;
		}
		return !ownerIsAGoneProcessOnThisMachine(lease.owner());
	}

	private boolean ownerIsAGoneProcessOnThisMachine(String leaseOwner) {
		int colon = leaseOwner.lastIndexOf(':');
		String myHost = this.owner.substring(0, this.owner.lastIndexOf(':'));
		if (colon < 0 || !leaseOwner.substring(0, colon).equals(myHost)) {
			return false;
		}
		try {
			long pid = Long.parseLong(leaseOwner.substring(colon + 1));
			return ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static String truncate(String job) {
		return job.length() <= 2000 ? job : job.substring(0, 2000);
	}

	/** A lease this process holds: renewed in the background until closed. */
	public final class Held implements AutoCloseable {

		private final String jobKey;

		private final ScheduledExecutorService heartbeat;

		private Held(String jobKey) {
			this.jobKey = jobKey;
			this.heartbeat = Executors.newSingleThreadScheduledExecutor((r) -> {
				Thread t = new Thread(r, "run-lease-heartbeat");
				t.setDaemon(true);
				return t;
			});
			long period = Math.max(1000, RunLease.this.timeout.toMillis() / 4);
			this.heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
		}

		private void beat() {
			try {
				int renewed = RunLease.this.jdbc.update(
						"UPDATE qb_run_lease SET heartbeat_at = LOCALTIMESTAMP WHERE job_key = ? AND owner = ?",
						this.jobKey, RunLease.this.owner);
				if (renewed == 0) {
					log.warn(
							"this run's lease was taken over by another run (this process lost the database for too long?)");
				}
			}
			catch (DataAccessException ex) {
				log.debug("lease heartbeat failed (will retry): {}", ex.getMessage());
			}
		}

		@Override
		public void close() {
			this.heartbeat.shutdownNow();
			try {
				RunLease.this.jdbc.update("DELETE FROM qb_run_lease WHERE job_key = ? AND owner = ?", this.jobKey,
						RunLease.this.owner);
			}
			catch (DataAccessException ex) {
				log.debug("could not release the lease (it expires by itself): {}", ex.getMessage());
			}
		}

	}

}
