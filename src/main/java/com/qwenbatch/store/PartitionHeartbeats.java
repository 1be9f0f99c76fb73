package com.qwenbatch.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which worker runs each partition of a scaled-out run, when it last said it was alive,
 * and how it saw the partition end; and which worker processes are alive at all, idle or
 * busy. Ages are measured on the database's clock, so machines with skewed clocks still
 * agree.
 */
public class PartitionHeartbeats {

	/**
	 * The worker on a partition, the seconds since its last heartbeat, and how it saw the
	 * partition end ({@link #ENDED}, {@link #AGAIN}, or null while it runs).
	 */
	public record Beat(String workerId, double ageSeconds, String outcome) {
	}

	/**
	 * A worker process: seconds since it was last seen, and whether it refused the run
	 * asked about (its model files differ).
	 */
	public record Worker(String workerId, double ageSeconds, boolean refusedThisRun) {
	}

	/** The partition's step ended with a final status. */
	public static final String ENDED = "ended";

	/**
	 * The partition's step ended on a lost database connection or a stop of its worker:
	 * to be handed to a worker again, from its last committed chunk.
	 */
	public static final String AGAIN = "again";

	private final JdbcTemplate jdbc;

	public PartitionHeartbeats(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * {@code workerId} takes the partition (its step execution) now; false when another
	 * worker claimed it first (a request the broker delivered twice).
	 */
	public boolean claim(long stepExecutionId, String workerId) {
		try {
			this.jdbc.update("INSERT INTO qb_partition_worker (step_execution_id, worker_id, started_at, heartbeat_at)"
					+ " VALUES (?, ?, LOCALTIMESTAMP, LOCALTIMESTAMP)", stepExecutionId, workerId);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** The worker that claimed this partition, or null. */
	public String claimedBy(long stepExecutionId) {
		List<String> workers = this.jdbc.queryForList(
				"SELECT worker_id FROM qb_partition_worker WHERE step_execution_id = ?", String.class, stepExecutionId);
		return workers.isEmpty() ? null : workers.get(0);
	}

	public void beat(long stepExecutionId) {
		this.jdbc.update("UPDATE qb_partition_worker SET heartbeat_at = LOCALTIMESTAMP WHERE step_execution_id = ?",
				stepExecutionId);
	}

	/** How the worker saw its partition end ({@link #ENDED} or {@link #AGAIN}). */
	public void ended(long stepExecutionId, String outcome) {
		this.jdbc.update("UPDATE qb_partition_worker SET outcome = ?, heartbeat_at = LOCALTIMESTAMP"
				+ " WHERE step_execution_id = ?", outcome, stepExecutionId);
	}

	/** The latest heartbeat of each of these partitions that a worker has claimed. */
	public Map<Long, Beat> latest(Collection<Long> stepExecutionIds) {
		Map<Long, Beat> beats = new HashMap<>();
		if (stepExecutionIds.isEmpty()) {
			return beats;
		}
		String ids = stepExecutionIds.stream().map((id) -> "?").collect(Collectors.joining(", "));
		List<Object> args = List.copyOf(stepExecutionIds);
		this.jdbc.query("SELECT step_execution_id, worker_id, heartbeat_at, LOCALTIMESTAMP, outcome"
				+ " FROM qb_partition_worker WHERE step_execution_id IN (" + ids + ")", (rs) -> {
					double age = (rs.getTimestamp(4).getTime() - rs.getTimestamp(3).getTime()) / 1000.0;
					beats.put(rs.getLong(1), new Beat(rs.getString(2), age, rs.getString(5)));
				}, args.toArray());
		return beats;
	}

	/** A worker process says it is alive (idle or busy), serving {@code queue}. */
	public void seen(String workerId, String queue) {
		int updated = this.jdbc.update("UPDATE qb_worker SET seen_at = LOCALTIMESTAMP, queue = ? WHERE worker_id = ?",
				queue, workerId);
		if (updated == 0) {
			try {
				this.jdbc.update("INSERT INTO qb_worker (worker_id, queue, seen_at) VALUES (?, ?, LOCALTIMESTAMP)",
						workerId, queue);
			}
			catch (DuplicateKeyException ex) {
				// inserted meanwhile by this worker's other thread: seen either way
			}
		}
	}

	/** A worker refused a partition of this run: its model files differ. */
	public void refused(String workerId, long jobExecutionId) {
		this.jdbc.update("UPDATE qb_worker SET refused_job_execution = ? WHERE worker_id = ?", jobExecutionId,
				workerId);
	}

	/** The worker processes on {@code queue}, most recently seen first. */
	public List<Worker> workers(String queue, long jobExecutionId) {
		List<Worker> workers = new ArrayList<>();
		this.jdbc.query("SELECT worker_id, seen_at, LOCALTIMESTAMP, refused_job_execution FROM qb_worker"
				+ " WHERE queue = ? ORDER BY seen_at DESC", (rs) -> {
					double age = (rs.getTimestamp(3).getTime() - rs.getTimestamp(2).getTime()) / 1000.0;
					long refused = rs.getLong(4);
					workers.add(new Worker(rs.getString(1), age, !rs.wasNull() && refused == jobExecutionId));
				}, queue);
		return workers;
	}

}
