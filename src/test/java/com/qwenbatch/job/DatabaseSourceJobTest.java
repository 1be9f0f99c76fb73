package com.qwenbatch.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database source and the results table on the real PostgreSQL server
 * (127.0.0.1:5432, database test), in a schema of its own: paging by id, incremental
 * --since-last-run, upserts.
 */
@SpringBatchTest
@SpringBootTest
class DatabaseSourceJobTest {

	static final String SCHEMA = "qb_test_" + Long.toHexString(System.nanoTime());

	static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException {
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
				Statement st = c.createStatement()) {
			st.execute("CREATE SCHEMA " + SCHEMA);
			st.execute("CREATE TABLE " + SCHEMA + ".customer_comments (id BIGINT PRIMARY KEY, text VARCHAR(4000),"
					+ " created_at VARCHAR(32), channel VARCHAR(64))");
		}
		registry.add("spring.datasource.url", () -> URL);
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@org.junit.jupiter.api.AfterAll
	static void dropSchema() throws SQLException {
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
				Statement st = c.createStatement()) {
			st.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
		}
	}

	@Autowired
	JobRunner runner;

	@Autowired
	JdbcTemplate sql;

	@Autowired
	org.springframework.batch.core.repository.JobRepository jobRepository;

	private static void insert(int from, int to) throws SQLException {
		try (Connection c = DriverManager.getConnection(URL, "postgres", "");
				PreparedStatement st = c.prepareStatement("INSERT INTO customer_comments VALUES (?, ?, ?, ?)")) {
			for (int i = from; i <= to; i++) {
				st.setLong(1, i);
				st.setString(2, i == 7 ? "" : "评论 " + i + (i % 2 == 0 ? " 很满意" : " 很失望'; DROP TABLE qb_result; --"));
				st.setString(3, "2026-11-" + String.format("%02d", 1 + i % 28));
				st.setString(4, i % 2 == 0 ? "京东" : "App Store");
				st.addBatch();
			}
			st.executeBatch();
		}
	}

	@Test
	void readsATableByIdPagesAndOnlyNewRowsSinceTheLastRun() throws Exception {
		insert(1, 25);
		RunRequest settings = JobTestSupport.settings("--source-db", URL, "--source-table", "customer_comments",
				"--task", "none", "--batch-size", "4", "--since-last-run");
		RunOutcome first = this.runner.run(settings, false);
		assertThat(first.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(first.read()).as("every row read, the rejected one too").isEqualTo(25);
		assertThat(first.rejected()).isEqualTo(1);
		assertThat(first.analysed() + first.unchanged() + first.rejected()).isEqualTo(first.read());
		List<Map<String, Object>> rows = this.sql.queryForList("SELECT id, text, channel FROM qb_result ORDER BY id");
		assertThat(rows).hasSize(24);
		assertThat(rows.get(0).get("text")).asString().contains("DROP TABLE"); // stored
																				// as
																				// data,
																				// never
																				// run
		assertThat(this.sql.queryForList("SELECT reason FROM qb_rejected WHERE id = '7'"))
			.extracting((r) -> r.get("reason"))
			.containsExactly("empty text");

		insert(26, 30);
		RunOutcome incremental = this.runner.run(settings, false);
		assertThat(incremental.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(incremental.read()).as("only rows after the watermark are read").isEqualTo(5);
		var context = this.jobRepository.getJobExecution(incremental.jobExecutionId())
			.getStepExecutions()
			.iterator()
			.next()
			.getExecutionContext();
		assertThat(CommentReader.lastPosition(context)).isEqualTo(30L); // restart
																		// position: the
																		// last id
		assertThat(CommentReader.rowsConsumed(context)).isEqualTo(5); // progress: rows,
																		// not the id
		assertThat(this.sql.queryForObject("SELECT COUNT(*) FROM qb_result", Long.class)).isEqualTo(29);

		RunOutcome everything = this.runner.run(JobTestSupport.settings("--source-db", URL, "--source-table",
				"customer_comments", "--task", "none", "--batch-size", "4"), false);
		assertThat(everything.read()).isEqualTo(30);
		assertThat(everything.unchanged()).isEqualTo(29);
		assertThat(this.sql.queryForObject("SELECT COUNT(*) FROM qb_result", Long.class)).isEqualTo(29);
	}

	@Test
	void aQueryCanBeTheSource() throws Exception {
		RunRequest settings = JobTestSupport.settings("--source-db", URL, "--source-query",
				"SELECT id, text FROM customer_comments WHERE channel = 'never'", "--task", "none");
		RunOutcome outcome = this.runner.run(settings, false);
		assertThat(outcome.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(outcome.read()).isZero();
	}

}
