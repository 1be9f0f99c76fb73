package com.qwenbatch.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The report's numbers, computed by the database (GROUP BY), so memory does not grow with
 * the number of results; detail rows are streamed. Filters are bound parameters.
 */
final class ReportQueries {

	/**
	 * The day a comment belongs to: its own date when the source had one, else when it
	 * was analysed.
	 */
	static final String DAY = "COALESCE(SUBSTRING(comment_date FROM 1 FOR 10), CAST(CAST(created_at AS DATE) AS VARCHAR(10)))";

	private final JdbcTemplate jdbc;

	private final String where;

	private final Object[] args;

	private final ReportRequest request;

	ReportQueries(JdbcTemplate jdbc, ReportRequest request) {
		this.jdbc = jdbc;
		this.request = request;
		List<String> conditions = new ArrayList<>();
		List<Object> values = new ArrayList<>();
		if (request.fromDay() != null) {
			conditions.add(DAY + " >= ?");
			values.add(request.fromDay());
		}
		if (request.toDay() != null) {
			conditions.add(DAY + " <= ?");
			values.add(request.toDay());
		}
		if (request.jobExecutionId() != null) {
			conditions.add("job_execution_id = ?");
			values.add(request.jobExecutionId());
		}
		if (request.source() != null) {
			conditions.add("source = ?");
			values.add(request.source());
		}
		this.where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		this.args = values.toArray();
	}

	String negativeLabel() {
		return this.request.negativeLabel();
	}

	double averageConfidence() {
		Double avg = this.jdbc.queryForObject("SELECT AVG(confidence) FROM qb_result" + this.where, Double.class,
				this.args);
		return avg == null ? 0 : avg;
	}

	/** sentiment -> count, in the configured label order, then any other label found. */
	Map<String, Long> bySentiment() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.request.labels().forEach((l) -> counts.put(l, 0L));
		this.jdbc.query(
				"SELECT sentiment, COUNT(*) FROM qb_result" + this.where + " GROUP BY sentiment ORDER BY sentiment",
				(RowCallbackHandler) (rs) -> counts.put(rs.getString(1), rs.getLong(2)), this.args);
		return counts;
	}

	/** group (day or channel) -> sentiment -> count, groups sorted. */
	Map<String, Map<String, Long>> byGroup(String groupExpression) {
		Map<String, Map<String, Long>> table = new TreeMap<>();
		this.jdbc.query("SELECT " + groupExpression + " AS g, sentiment, COUNT(*) FROM qb_result" + this.where
				+ " GROUP BY " + groupExpression + ", sentiment", (RowCallbackHandler) (rs) -> {
					String group = rs.getString(1) == null ? "(none)" : rs.getString(1);
					table.computeIfAbsent(group, (k) -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
				}, this.args);
		return table;
	}

	List<String> distinct(String column) {
		return this.jdbc.queryForList(
				"SELECT DISTINCT " + column + " FROM qb_result" + this.where + " ORDER BY " + column, String.class,
				this.args);
	}

	String[] dayRange() {
		return this.jdbc.queryForObject("SELECT MIN(" + DAY + "), MAX(" + DAY + ") FROM qb_result" + this.where,
				(rs, n) -> new String[] { rs.getString(1), rs.getString(2) }, this.args);
	}

	long rejected() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM qb_rejected" + rejectedWhere(), Long.class,
				rejectedArgs());
	}

	/** Rejected rows have no date or execution to filter on: only the source applies. */
	private String rejectedWhere() {
		return this.request.source() != null ? " WHERE source = ?" : "";
	}

	private Object[] rejectedArgs() {
		return this.request.source() != null ? new Object[] { this.request.source() } : new Object[0];
	}

	void eachNegative(int limit, RowCallbackHandler handler) {
		String and = this.where.isEmpty() ? " WHERE " : this.where + " AND ";
		Object[] a = java.util.Arrays.copyOf(this.args, this.args.length + 1);
		a[this.args.length] = this.request.negativeLabel();
		this.jdbc.setMaxRows(limit);
		try {
			this.jdbc.query("SELECT * FROM qb_result" + and + "sentiment = ? ORDER BY confidence DESC, source, id",
					handler, a);
		}
		finally {
			this.jdbc.setMaxRows(-1);
		}
	}

	void eachResult(RowCallbackHandler handler) {
		this.jdbc.query("SELECT * FROM qb_result" + this.where + " ORDER BY source, id", handler, this.args);
	}

	void eachRejected(RowCallbackHandler handler) {
		this.jdbc.query("SELECT * FROM qb_rejected" + rejectedWhere() + " ORDER BY source, line, id", handler,
				rejectedArgs());
	}

}
