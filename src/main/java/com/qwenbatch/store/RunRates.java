package com.qwenbatch.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The rates this machine's completed runs analysed rows at, per model, task, follow-up
 * rule and label tasks: what a run's plan estimates its duration from.
 */
@Repository
public class RunRates {

	/** What a rate is measured for: one kind of work on one machine. */
	public record Work(String host, String modelId, String task, String taskWhen, String labels) {
	}

	/** Rows per second over the runs it was measured on. */
	public record Rate(double rowsPerSecond, int runs) {
	}

	/** Runs with fewer analysed rows say little about a rate. */
	static final long MIN_ROWS = 10;

	private static final int LAST_RUNS = 3;

	private final JdbcTemplate jdbc;

	public RunRates(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	public void record(Work work, long rowsAnalysed, double seconds) {
		if (rowsAnalysed < MIN_ROWS || seconds <= 0) {
			return;
		}
		this.jdbc.update(
				"INSERT INTO qb_run_rate (host, model_id, task, task_when, labels, rows_analysed, seconds, finished_at)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				work.host(), work.modelId(), work.task(), work.taskWhen(), work.labels(), rowsAnalysed, seconds,
				Timestamp.from(Instant.now()));
	}

	/**
	 * The rate of the last three runs of this work (all their rows over all their time).
	 */
	public Optional<Rate> of(Work work) {
		List<double[]> last = this.jdbc.query(
				"SELECT rows_analysed, seconds FROM qb_run_rate WHERE host = ? AND model_id = ? AND task = ?"
						+ " AND task_when = ? AND labels = ? ORDER BY finished_at DESC",
				(rs, n) -> new double[] { rs.getLong(1), rs.getDouble(2) }, work.host(), work.modelId(), work.task(),
				work.taskWhen(), work.labels());
		List<double[]> used = last.subList(0, Math.min(LAST_RUNS, last.size()));
		double rows = used.stream().mapToDouble((r) -> r[0]).sum();
		double seconds = used.stream().mapToDouble((r) -> r[1]).sum();
		return used.isEmpty() || seconds <= 0 ? Optional.empty() : Optional.of(new Rate(rows / seconds, used.size()));
	}

}
