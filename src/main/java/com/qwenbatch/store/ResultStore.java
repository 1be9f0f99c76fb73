package com.qwenbatch.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.RejectedRow;
import com.qwenbatch.comment.StoredResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The results and rejected-rows tables. Every write is an upsert keyed by (source, id),
 * so a re-run or a restart never duplicates a row; all values are bound parameters.
 */
@Repository
public class ResultStore {

	static final List<String> RESULT_COLUMNS = List.of("source", "id", "text", "comment_date", "channel", "sentiment",
			"confidence", "task", "reply", "summary", "task_output", "stop_reason", "model_id", "model_precision",
			"prompt_version", "tokens_in", "tokens_out", "latency_ms", "job_execution_id", "created_at", "text_hash",
			"model_fingerprint");

	/**
	 * The fields of an exported result, in their fixed order (other tools read them:
	 * fields are only ever added at the end).
	 */
	public static final List<String> EXPORTED_RESULT_FIELDS = List.of("id", "source", "sentiment", "confidence",
			"reply", "summary", "task", "task_output", "text", "comment_date", "channel", "model_id", "prompt_version",
			"tokens_in", "tokens_out", "latency_ms", "job_execution_id", "created_at", "stop_reason", "model_precision",
			ResultStore.LABELS_FIELD, "model_fingerprint");

	/**
	 * The exported field holding the extra label tasks' labels by task, e.g.
	 * {"topic":"物流"} (empty without them).
	 */
	public static final String LABELS_FIELD = "labels";

	/** The fields of an exported rejected row, in their fixed order. */
	public static final List<String> EXPORTED_REJECTED_FIELDS = List.of("id", "source", "line", "reason", "raw",
			"job_execution_id", "created_at");

	static final List<String> REJECTED_COLUMNS = List.of("source", "id", "line", "reason", "raw", "job_execution_id",
			"created_at");

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final String upsertResult;

	private final String upsertRejected;

	private final String upsertWatermark;

	public ResultStore(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.named = new NamedParameterJdbcTemplate(this.jdbc);
		SqlDialect dialect = SqlDialect.of(dataSource);
		this.upsertResult = dialect.upsert("qb_result", List.of("source", "id"), RESULT_COLUMNS);
		this.upsertRejected = dialect.upsert("qb_rejected", List.of("source", "id"), REJECTED_COLUMNS);
		this.upsertWatermark = dialect.upsert("qb_watermark", List.of("source_key"),
				List.of("source_key", "last_id", "id_is_number", "updated_at"));
	}

	public void saveResults(List<Analysis> results, long jobExecutionId) {
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.batchUpdate(this.upsertResult, results, results.size(), (ps, a) -> {
			int i = 1;
			ps.setString(i++, a.comment().source());
			ps.setString(i++, a.comment().id());
			ps.setString(i++, a.comment().text());
			ps.setString(i++, a.comment().createdAt());
			ps.setString(i++, a.comment().channel());
			ps.setString(i++, a.sentiment());
			ps.setDouble(i++, a.confidence());
			ps.setString(i++, a.task());
			ps.setString(i++, a.reply());
			ps.setString(i++, a.summary());
			ps.setString(i++, a.output());
			ps.setString(i++, a.stopReason());
			ps.setString(i++, a.modelId());
			ps.setString(i++, a.precision());
			ps.setString(i++, a.promptVersion());
			ps.setInt(i++, a.tokensIn());
			ps.setInt(i++, a.tokensOut());
			ps.setLong(i++, a.latencyMs());
			ps.setLong(i++, jobExecutionId);
			ps.setTimestamp(i++, now);
			ps.setString(i++, a.comment().textHash());
			ps.setString(i, a.modelFingerprint());
		});
		saveLabels(results);
		// a row that was rejected before and is analysed now is no longer rejected
		this.jdbc.batchUpdate("DELETE FROM qb_rejected WHERE source = ? AND id = ?", results, results.size(),
				(ps, a) -> {
					ps.setString(1, a.comment().source());
					ps.setString(2, a.comment().id());
				});
	}

	/**
	 * Each result's extra labels replace the ones it had: a row analysed again without
	 * --labels keeps none from before.
	 */
	private void saveLabels(List<Analysis> results) {
		this.jdbc.batchUpdate("DELETE FROM qb_result_label WHERE source = ? AND id = ?", results, results.size(),
				(ps, a) -> {
					ps.setString(1, a.comment().source());
					ps.setString(2, a.comment().id());
				});
		List<Object[]> labels = new ArrayList<>();
		for (Analysis a : results) {
			a.labels()
				.forEach((task, label) -> labels.add(new Object[] { a.comment().source(), a.comment().id(), task,
						label.value(), label.confidence() }));
		}
		if (!labels.isEmpty()) {
			this.jdbc.batchUpdate(
					"INSERT INTO qb_result_label (source, id, task, label, confidence) VALUES (?, ?, ?, ?, ?)", labels);
		}
	}

	public void saveRejected(RejectedRow row, long jobExecutionId) {
		this.jdbc.update(this.upsertRejected, row.source(), truncate(row.id(), 500), row.line(),
				truncate(row.reason(), 2000), truncate(row.raw(), 100000), jobExecutionId,
				Timestamp.from(Instant.now()));
	}

	/**
	 * What is stored for those of {@code ids} that have a result: the text hash (made
	 * from the stored text for rows written before hashes were kept), model and prompt
	 * versions.
	 */
	public Map<String, StoredResult> storedResults(String source, List<String> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("source", source).addValue("ids", ids);
		Map<String, StoredResult> stored = new HashMap<>();
		this.named.query("SELECT id, text_hash, CASE WHEN text_hash IS NULL THEN text END AS old_text, model_id,"
				+ " model_fingerprint, prompt_version, sentiment, stop_reason FROM qb_result WHERE source = :source AND id IN (:ids)",
				params, (RowCallbackHandler) (rs) -> {
					String hash = rs.getString("text_hash");
					if (hash == null) {
						hash = new Comment(source, rs.getString("id"), rs.getString("old_text"), null, null, 0)
							.textHash();
					}
					stored.put(rs.getString("id"),
							new StoredResult(hash, rs.getString("model_id"), rs.getString("model_fingerprint"),
									rs.getString("prompt_version"), rs.getString("sentiment"),
									rs.getString("stop_reason")));
				});
		return stored;
	}

	public Optional<Object> watermark(String sourceKey) {
		List<Object> ids = this.jdbc.query("SELECT last_id, id_is_number FROM qb_watermark WHERE source_key = ?",
				(rs, n) -> rs.getBoolean(2) ? (Object) Long.valueOf(rs.getString(1)) : rs.getString(1), sourceKey);
		return ids.stream().findFirst();
	}

	public void saveWatermark(String sourceKey, Object lastId) {
		this.jdbc.update(this.upsertWatermark, sourceKey, String.valueOf(lastId), lastId instanceof Number,
				Timestamp.from(Instant.now()));
	}

	public long countResults() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM qb_result", Long.class);
	}

	public long countRejected() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM qb_rejected", Long.class);
	}

	/**
	 * Streams every result (or rejected row), ordered by source and id, as its exported
	 * fields in their fixed order; times as ISO-8601 text.
	 */
	public void eachExported(boolean rejected, Consumer<Map<String, Object>> row) {
		if (rejected) {
			this.jdbc.query("SELECT * FROM qb_rejected ORDER BY source, line, id",
					(RowCallbackHandler) (rs) -> row.accept(exportedValues(rs, EXPORTED_REJECTED_FIELDS)));
			return;
		}
		MergedLabels merged = new MergedLabels(row);
		this.jdbc.query("SELECT r.*, l.task AS label_task, l.label AS label_value FROM qb_result r"
				+ " LEFT JOIN qb_result_label l ON l.source = r.source AND l.id = r.id ORDER BY r.source, r.id, l.task",
				merged);
		merged.finish();
	}

	/**
	 * One result per (source, id) from rows of one result and one label each: a result's
	 * rows are consecutive, so equal keys are merged as they stream (no ordering of keys
	 * is assumed beyond that).
	 */
	private static final class MergedLabels implements RowCallbackHandler {

		private static final List<String> COLUMNS = EXPORTED_RESULT_FIELDS.stream()
			.filter((field) -> !LABELS_FIELD.equals(field))
			.toList();

		private final Consumer<Map<String, Object>> out;

		private Map<String, Object> current;

		private Map<String, String> labels;

		MergedLabels(Consumer<Map<String, Object>> out) {
			this.out = out;
		}

		@Override
		public void processRow(ResultSet rs) throws SQLException {
			if (this.current == null || !this.current.get("source").equals(rs.getString("source"))
					|| !this.current.get("id").equals(rs.getString("id"))) {
				finish();
				Map<String, Object> values = exportedValues(rs, COLUMNS);
				this.labels = new LinkedHashMap<>();
				this.current = new LinkedHashMap<>();
				for (String field : EXPORTED_RESULT_FIELDS) {
					this.current.put(field, LABELS_FIELD.equals(field) ? this.labels : values.get(field));
				}
			}
			if (rs.getString("label_task") != null) {
				this.labels.put(rs.getString("label_task"), rs.getString("label_value"));
			}
		}

		void finish() {
			if (this.current != null) {
				this.out.accept(this.current);
				this.current = null;
			}
		}

	}

	private static Map<String, Object> exportedValues(ResultSet rs, List<String> fields) throws SQLException {
		Map<String, Object> values = new LinkedHashMap<>();
		for (String field : fields) {
			Object value = rs.getObject(field);
			values.put(field, value instanceof Timestamp t ? t.toInstant().toString() : value);
		}
		return values;
	}

	private static String truncate(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

}
