package com.qwenbatch.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads of the results for reports: numbers computed by the database (GROUP BY), so
 * memory does not grow with the number of results, and detail rows streamed. Filters are
 * bound parameters.
 */
public final class ResultQueries {

	/** Which results: null filters mean "all"; days are YYYY-MM-DD. */
	public record Filter(String fromDay, String toDay, Long jobExecutionId, String source) {
	}

	/**
	 * The day a comment belongs to: its own date when the source had one, else when it
	 * was analysed.
	 */
	public static final String DAY = "COALESCE(SUBSTRING(comment_date FROM 1 FOR 10), CAST(CAST(created_at AS DATE) AS VARCHAR(10)))";

	private final JdbcTemplate jdbc;

	private final String where;

	private final Object[] args;

	private final Filter request;

	private final DataSource dataSource;

	public ResultQueries(DataSource dataSource, Filter request) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(1000); // detail rows are streamed
		this.request = request;
		this.where = whereOn("");
		List<Object> values = new ArrayList<>();
		for (Object value : new Object[] { request.fromDay(), request.toDay(), request.jobExecutionId(),
				request.source() }) {
			if (value != null) {
				values.add(value);
			}
		}
		this.args = values.toArray();
	}

	/** The same filter over other days (another period of the same source). */
	public ResultQueries forDays(String fromDay, String toDay) {
		return new ResultQueries(this.dataSource, new Filter(fromDay, toDay, null, this.request.source()));
	}

	public Filter filter() {
		return this.request;
	}

	/**
	 * The filter as a WHERE clause on the results table read as {@code alias} ("r." or ""
	 * for none); its values, in this order, are {@link #args}.
	 */
	private String whereOn(String alias) {
		List<String> conditions = new ArrayList<>();
		String day = DAY.replace("comment_date", alias + "comment_date").replace("created_at", alias + "created_at");
		if (this.request.fromDay() != null) {
			conditions.add(day + " >= ?");
		}
		if (this.request.toDay() != null) {
			conditions.add(day + " <= ?");
		}
		if (this.request.jobExecutionId() != null) {
			conditions.add(alias + "job_execution_id = ?");
		}
		if (this.request.source() != null) {
			conditions.add(alias + "source = ?");
		}
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

	/**
	 * label -> sentiment -> count for the extra label task {@code task} (e.g. topic), one
	 * GROUP BY; labels sorted.
	 */
	public Map<String, Map<String, Long>> labelsBySentiment(String task) {
		Map<String, Map<String, Long>> table = new TreeMap<>();
		this.jdbc.query(
				"SELECT l.label, r.sentiment, COUNT(*) FROM qb_result r JOIN qb_result_label l"
						+ " ON l.source = r.source AND l.id = r.id" + andWhere(whereOn("r."), "l.task = ?")
						+ " GROUP BY l.label, r.sentiment",
				(RowCallbackHandler) (rs) -> table.computeIfAbsent(rs.getString(1), (k) -> new LinkedHashMap<>())
					.put(rs.getString(2), rs.getLong(3)),
				argsAnd(task));
		return table;
	}

	/**
	 * Results with {@code sentiment} that the task {@code task} labelled {@code label},
	 * most confident (in their sentiment) first, at most {@code limit}.
	 */
	public void eachLabelled(String task, String label, String sentiment, int limit, Consumer<ResultRow> handler) {
		Object[] values = Arrays.copyOf(this.args, this.args.length + 3);
		values[this.args.length] = task;
		values[this.args.length + 1] = label;
		values[this.args.length + 2] = sentiment;
		this.jdbc.setMaxRows(limit);
		try {
			this.jdbc.query("SELECT r.* FROM qb_result r JOIN qb_result_label l ON l.source = r.source AND l.id = r.id"
					+ andWhere(whereOn("r."), "l.task = ? AND l.label = ? AND r.sentiment = ?")
					+ " ORDER BY r.confidence DESC, r.source, r.id", rows(handler), values);
		}
		finally {
			this.jdbc.setMaxRows(-1);
		}
	}

	private static String andWhere(String where, String condition) {
		return (where.isEmpty() ? " WHERE " : where + " AND ") + condition;
	}

	public double averageConfidence() {
		Double avg = this.jdbc.queryForObject("SELECT AVG(confidence) FROM qb_result" + this.where, Double.class,
				this.args);
		return avg == null ? 0 : avg;
	}

	/** sentiment -> count, in the order of {@code labels}, then any other label found. */
	public Map<String, Long> bySentiment(List<String> labels) {
		Map<String, Long> counts = new LinkedHashMap<>();
		labels.forEach((l) -> counts.put(l, 0L));
		this.jdbc.query(
				"SELECT sentiment, COUNT(*) FROM qb_result" + this.where + " GROUP BY sentiment ORDER BY sentiment",
				(RowCallbackHandler) (rs) -> counts.put(rs.getString(1), rs.getLong(2)), this.args);
		return counts;
	}

	/** group (day or channel) -> sentiment -> count, groups sorted. */
	public Map<String, Map<String, Long>> byGroup(String groupExpression) {
		Map<String, Map<String, Long>> table = new TreeMap<>();
		this.jdbc.query("SELECT " + groupExpression + " AS g, sentiment, COUNT(*) FROM qb_result" + this.where
				+ " GROUP BY " + groupExpression + ", sentiment", (RowCallbackHandler) (rs) -> {
					String group = rs.getString(1) == null ? "(none)" : rs.getString(1);
					table.computeIfAbsent(group, (k) -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
				}, this.args);
		return table;
	}

	public List<String> distinct(String column) {
		return this.jdbc.queryForList(
				"SELECT DISTINCT " + column + " FROM qb_result" + this.where + " ORDER BY " + column, String.class,
				this.args);
	}

	public String[] dayRange() {
		return this.jdbc.queryForObject("SELECT MIN(" + DAY + "), MAX(" + DAY + ") FROM qb_result" + this.where,
				(rs, n) -> new String[] { rs.getString(1), rs.getString(2) }, this.args);
	}

	public long rejected() {
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

	/** The {@code limit} most confident results labelled {@code label}. */
	public void eachWithLabel(String label, int limit, Consumer<ResultRow> handler) {
		stream("sentiment = ?", label, "confidence DESC, source, id", limit, handler);
	}

	/**
	 * Results below {@code threshold} confidence, least confident first, at most
	 * {@code limit}.
	 */
	public void eachBelowConfidence(double threshold, int limit, Consumer<ResultRow> handler) {
		stream("confidence < ?", threshold, "confidence, source, id", limit, handler);
	}

	/** How many results are below {@code threshold} confidence. */
	public long countBelowConfidence(double threshold) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM qb_result" + whereAnd("confidence < ?"), Long.class,
				argsAnd(threshold));
	}

	/**
	 * The filtered results that also meet {@code condition} (one bound value), in order.
	 */
	private void stream(String condition, Object value, String order, int limit, Consumer<ResultRow> handler) {
		this.jdbc.setMaxRows(limit);
		try {
			this.jdbc.query("SELECT * FROM qb_result" + whereAnd(condition) + " ORDER BY " + order, rows(handler),
					argsAnd(value));
		}
		finally {
			this.jdbc.setMaxRows(-1);
		}
	}

	private String whereAnd(String condition) {
		return (this.where.isEmpty() ? " WHERE " : this.where + " AND ") + condition;
	}

	private Object[] argsAnd(Object value) {
		Object[] values = Arrays.copyOf(this.args, this.args.length + 1);
		values[this.args.length] = value;
		return values;
	}

	public void eachResult(Consumer<ResultRow> handler) {
		this.jdbc.query("SELECT * FROM qb_result" + this.where + " ORDER BY source, id", rows(handler), this.args);
	}

	public void eachRejected(Consumer<RejectionRow> handler) {
		this.jdbc.query("SELECT * FROM qb_rejected" + rejectedWhere() + " ORDER BY source, line, id",
				(RowCallbackHandler) (rs) -> handler.accept(RejectionRow.of(rs)), rejectedArgs());
	}

	private static RowCallbackHandler rows(Consumer<ResultRow> handler) {
		return (rs) -> handler.accept(ResultRow.of(rs));
	}

}
