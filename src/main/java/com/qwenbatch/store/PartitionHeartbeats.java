package com.qwenbatch.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which worker runs each partition of a scaled-out run, and when it last said it was
 * alive. Ages are measured on the database's clock, so machines with skewed clocks still
 * agree.
 */
public class PartitionHeartbeats {

	/** The worker on a partition and the seconds since its last heartbeat. */
	public record Beat(String workerId, double ageSeconds) {
	}

	private final JdbcTemplate jdbc;

	public PartitionHeartbeats(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/** {@code workerId} takes the partition (its step execution) now. */
	public void claim(long stepExecutionId, String workerId) {
		int updated = this.jdbc.update("UPDATE qb_partition_worker SET worker_id = ?, started_at = LOCALTIMESTAMP,"
				+ " heartbeat_at = LOCALTIMESTAMP WHERE step_execution_id = ?", workerId, stepExecutionId);
		if (updated == 0) {
			this.jdbc.update("INSERT INTO qb_partition_worker (step_execution_id, worker_id, started_at, heartbeat_at)"
					+ " VALUES (?, ?, LOCALTIMESTAMP, LOCALTIMESTAMP)", stepExecutionId, workerId);
		}
	}

	public void beat(long stepExecutionId) {
		this.jdbc.update("UPDATE qb_partition_worker SET heartbeat_at = LOCALTIMESTAMP WHERE step_execution_id = ?",
				stepExecutionId);
	}

	/** The latest heartbeat of each of these partitions that a worker has claimed. */
	public Map<Long, Beat> latest(Collection<Long> stepExecutionIds) {
		Map<Long, Beat> beats = new HashMap<>();
		if (stepExecutionIds.isEmpty()) {
			return beats;
		}
		String ids = stepExecutionIds.stream().map((id) -> "?").collect(Collectors.joining(", "));
		List<Object> args = List.copyOf(stepExecutionIds);
		this.jdbc.query("SELECT step_execution_id, worker_id, heartbeat_at, LOCALTIMESTAMP FROM qb_partition_worker"
				+ " WHERE step_execution_id IN (" + ids + ")", (rs) -> {
					double age = (rs.getTimestamp(4).getTime() - rs.getTimestamp(3).getTime()) / 1000.0;
					beats.put(rs.getLong(1), new Beat(rs.getString(2), age));
				}, args.toArray());
		return beats;
	}

}
