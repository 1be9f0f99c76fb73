package com.qwenbatch.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.RejectedRow;
import com.qwenbatch.comment.StoredResult;
import com.qwenbatch.comment.TaskLabel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results table as the job and the report use it, on H2 and on PostgreSQL: upserts
 * keyed by (source, id), what is stored for the unchanged/changed check, labels replaced
 * with their row, rejected rows cleared when analysed, and the report's counts against a
 * plain GROUP BY.
 */
class ResultStoreTest {

	private static final String SCHEMA = "qb_store_" + Long.toHexString(System.nanoTime());

	static Stream<DataSource> databases() throws SQLException {
		return Stream.of(StoreDatabases.h2(), StoreDatabases.postgres(SCHEMA + "_" + (counter++)));
	}

	private static int counter;

	@AfterAll
	static void dropSchemas() throws SQLException {
		for (int i = 0; i < counter; i++) {
			StoreDatabases.drop(SCHEMA + "_" + i);
		}
	}

	private static Analysis analysis(String id, String text, String sentiment, String model, String version,
			Map<String, TaskLabel> labels) {
		return new Analysis(new Comment("c.csv", id, text, "2026-12-0" + (1 + id.length() % 5), "web", 2), sentiment,
				0.8, Map.of(), "reply", "回复 " + text, "eos", model, "f32", "0123456789abcdef", version, 12, 5, 30,
				labels);
	}

	@ParameterizedTest
	@MethodSource("databases")
	void aSecondSaveOfAnIdReplacesItsRowAndItsLabels(DataSource db) {
		ResultStore store = new ResultStore(db);
		JdbcTemplate sql = new JdbcTemplate(db);
		store.saveResults(List.of(analysis("1", "物流很快", "正面", "m", "v1", Map.of("topic", new TaskLabel("物流", 0.9))),
				analysis("2", "包装破损", "负面", "m", "v1", Map.of())), 1);
		store.saveResults(List.of(analysis("1", "客服很差", "负面", "m", "v2", Map.of("topic", new TaskLabel("客服", 0.7)))),
				2);
		assertThat(sql.queryForObject("SELECT COUNT(*) FROM qb_result", Long.class)).isEqualTo(2);
		Map<String, Object> one = sql.queryForMap(
				"SELECT text, sentiment, prompt_version, job_execution_id, text_hash FROM qb_result WHERE id = '1'");
		assertThat(one).containsEntry("text", "客服很差")
			.containsEntry("sentiment", "负面")
			.containsEntry("prompt_version", "v2")
			.containsEntry("job_execution_id", 2L);
		assertThat((String) one.get("text_hash")).hasSize(32)
			.isEqualTo(new Comment("x", "y", "客服很差", null, null, 0).textHash());
		assertThat(sql.queryForList("SELECT task || '=' || label FROM qb_result_label WHERE id = '1'", String.class))
			.containsExactly("topic=客服");
	}

	@ParameterizedTest
	@MethodSource("databases")
	void storedResultsGiveTheHashModelAndVersionAndMakeAHashForOlderRows(DataSource db) {
		ResultStore store = new ResultStore(db);
		store.saveResults(List.of(analysis("1", "物流很快", "正面", "m1", "v1", Map.of()),
				analysis("2", "质量一般", "中性", "m2", "v2", Map.of())), 1);
		// a row written before hashes were kept
		new JdbcTemplate(db).update("UPDATE qb_result SET text_hash = NULL WHERE id = '2'");
		Map<String, StoredResult> stored = store.storedResults("c.csv", List.of("1", "2", "3"));
		assertThat(stored).containsOnlyKeys("1", "2");
		assertThat(stored.get("1"))
			.isEqualTo(new StoredResult(new Comment("c.csv", "1", "物流很快", null, null, 0).textHash(), "m1",
					"0123456789abcdef", "v1", "正面", "eos"));
		assertThat(stored.get("2").textHash()).isEqualTo(new Comment("c.csv", "2", "质量一般", null, null, 0).textHash());
		assertThat(store.storedResults("other.csv", List.of("1"))).isEmpty();
		assertThat(store.storedResults("c.csv", List.of())).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("databases")
	void aRejectedRowThatIsAnalysedLaterIsNoLongerRejected(DataSource db) {
		ResultStore store = new ResultStore(db);
		store.saveRejected(new RejectedRow("c.csv", 3, "1", "empty text", ""), 1);
		store.saveRejected(new RejectedRow("c.csv", 4, "2", "too long", "x"), 1);
		store.saveResults(List.of(analysis("1", "现在有字了", "正面", "m", "v", Map.of())), 2);
		assertThat(store.countRejected()).isEqualTo(1);
		assertThat(store.countResults()).isEqualTo(1);
	}

	@ParameterizedTest
	@MethodSource("databases")
	void theReportsCountsEqualAGroupByOverTheStoredRows(DataSource db) {
		ResultStore store = new ResultStore(db);
		List<Analysis> rows = new ArrayList<>();
		String[] labels = { "正面", "负面", "中性", "负面", "负面" };
		for (int i = 0; i < 23; i++) {
			rows.add(analysis(String.valueOf(i), "评论" + i, labels[i % labels.length], "m", "v", Map.of()));
		}
		store.saveResults(rows, 7);
		Map<String, Long> counts = new ResultQueries(db, new ResultQueries.Filter(null, null, 7L, null))
			.bySentiment(List.of("正面", "负面", "中性"));
		JdbcTemplate sql = new JdbcTemplate(db);
		for (String label : List.of("正面", "负面", "中性")) {
			assertThat(counts.get(label)).as(label)
				.isEqualTo(sql.queryForObject(
						"SELECT COUNT(*) FROM qb_result WHERE job_execution_id = 7 AND sentiment = ?", Long.class,
						label));
		}
		assertThat(counts.keySet()).containsExactly("正面", "负面", "中性");
		assertThat(new ResultQueries(db, new ResultQueries.Filter(null, null, 8L, null))
			.bySentiment(List.of("正面", "负面", "中性"))
			.values()).containsOnly(0L);
	}

}
