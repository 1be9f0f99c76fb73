package com.qwenbatch.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.qwenbatch.analysis.ReferenceSentiment;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The job end to end on a tiny random model, results in an H2 file database. */
@SpringBatchTest
@SpringBootTest
@Import(JobTestSupport.FailureInjection.class)
class AnalysisJobTest {

	@TempDir
	static Path tmp;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = "jdbc:h2:file:" + tmp.resolve("db-" + UUID.randomUUID()).toAbsolutePath();
		registry.add("spring.datasource.url", () -> url);
	}

	@Autowired
	JobRunner runner;

	@Autowired
	JdbcTemplate sql;

	@Autowired
	JobRepository jobRepository;

	@BeforeEach
	void reset() {
		JobTestSupport.failOnChunk.set(0);
		JobTestSupport.chunksWritten.set(0);
	}

	/**
	 * Step counts of an execution (not a StepExecution-returning method: @SpringBatchTest
	 * would call it).
	 */
	record Counts(long read, long readSkips, long written) {
	}

	private Counts step(long jobExecutionId) {
		JobExecution execution = this.jobRepository.getJobExecution(jobExecutionId);
		StepExecution step = execution.getStepExecutions().iterator().next();
		return new Counts(step.getReadCount(), step.getReadSkipCount(), step.getWriteCount());
	}

	@Test
	void runsEndToEndThenSendsNothingToTheModelOnASecondRun() throws Exception {
		Path csv = JobTestSupport.csv(tmp, "e2e.csv", 30, "c31,,2026-11-01,淘宝", "c32,\"x\",y,z,extra");
		// F32: the confidences are compared with the plain-Java reference to 1e-4
		RunRequest settings = JobTestSupport.settings("--input", csv.toString(), "--task", "summary",
				"--max-new-tokens", "3", "--batch-size", "8", "--precision", "f32");
		RunOutcome first = this.runner.run(settings, false);
		assertThat(first.status()).isEqualTo(BatchStatus.COMPLETED);
		Counts step = step(first.jobExecutionId());
		assertThat(step.read()).isEqualTo(30);
		assertThat(step.readSkips()).isEqualTo(2);
		assertThat(step.written()).isEqualTo(30);
		assertThat(first.analysed()).isEqualTo(30);
		assertThat(first.ending()).isEqualTo(RunOutcome.Ending.TOO_MANY_REJECTED); // 2 of
																					// 32
																					// rejected
																					// is
																					// over
																					// the
																					// default
																					// 5 %

		List<Map<String, Object>> rows = this.sql
			.queryForList("SELECT * FROM qb_result WHERE source = 'e2e.csv' ORDER BY id");
		assertThat(rows).hasSize(30);
		ReferenceSentiment reference = new ReferenceSentiment(TestModels.tiny(Architecture.QWEN2));
		TaskDefinition sentiment = TaskCatalog.load(Path.of("prompts")).sentiment();
		for (Map<String, Object> row : rows.subList(0, 3)) {
			// stored label and confidence, against the plain-Java reference's
			// probabilities
			Map<String, Double> expected = reference.probabilities(sentiment, (String) row.get("TEXT"));
			String best = expected.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
			assertThat((String) row.get("SENTIMENT")).isEqualTo(best);
			assertThat((Double) row.get("CONFIDENCE")).isCloseTo(expected.get(best),
					org.assertj.core.api.Assertions.within(1e-4));
		}
		for (Map<String, Object> row : rows) {
			assertThat((String) row.get("SENTIMENT")).isIn("正面", "负面", "中性");
			assertThat((String) row.get("SUMMARY")).isNotNull();
			assertThat((String) row.get("PROMPT_VERSION")).matches("[0-9a-f]{10}\\+[0-9a-f]{10}");
			assertThat(((Number) row.get("JOB_EXECUTION_ID")).longValue()).isEqualTo(first.jobExecutionId());
		}
		// identical texts ("默认好评" every 5th row) were analysed once: the repeats cost no
		// tokens
		long freeRepeats = rows.stream()
			.filter((r) -> "默认好评".equals(r.get("TEXT")) && ((Number) r.get("TOKENS_IN")).intValue() == 0)
			.count();
		assertThat(freeRepeats).isEqualTo(5);
		List<Map<String, Object>> rejected = this.sql
			.queryForList("SELECT * FROM qb_rejected WHERE source = 'e2e.csv' ORDER BY line");
		assertThat(rejected).extracting((r) -> r.get("REASON"))
			.containsExactly("empty text", "malformed CSV line 33: expected 4 fields, found 5");

		RunOutcome second = this.runner.run(settings, false);
		assertThat(second.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.resumed()).isFalse();
		assertThat(second.analysed()).isZero();
		assertThat(second.unchanged()).isEqualTo(30);
		assertThat(this.sql.queryForList("SELECT COUNT(*) AS N FROM qb_result WHERE job_execution_id = ?",
				second.jobExecutionId()))
			.extracting((r) -> ((Number) r.get("N")).intValue())
			.containsExactly(0);

		RunOutcome again = this.runner.run(settings, false);
		assertThat(again.unchanged()).isEqualTo(30);
		RunOutcome forced = this.runner.run(JobTestSupport.settings("--input", csv.toString(), "--task", "summary",
				"--max-new-tokens", "3", "--batch-size", "8", "--reanalyze"), false);
		assertThat(forced.analysed()).isEqualTo(30);
	}

	@Test
	void restartAfterAFailureOnChunkThreeCommitsEveryRowExactlyOnce() throws Exception {
		Path csv = JobTestSupport.csv(tmp, "restart.csv", 40, "c41,,2026-11-01,淘宝");
		RunRequest settings = JobTestSupport.settings("--input", csv.toString(), "--task", "none", "--batch-size", "8");
		JobTestSupport.failOnChunk.set(3);
		RunOutcome failed = this.runner.run(settings, false);
		assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.ending()).isEqualTo(RunOutcome.Ending.FAILED);
		assertThat(failed.failure()).contains("injected failure");
		// chunks 1 and 2 committed, chunk 3 rolled back
		assertThat(this.sql.queryForList("SELECT id FROM qb_result WHERE source = 'restart.csv'")).hasSize(16);

		RunOutcome resumed = this.runner.run(settings, false);
		assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(resumed.resumed()).isTrue();
		assertThat(step(resumed.jobExecutionId()).read()).isEqualTo(24); // only what was
																			// missing
		assertThat(resumed.analysed()).isEqualTo(24);
		List<Map<String, Object>> rows = this.sql
			.queryForList("SELECT id, job_execution_id FROM qb_result WHERE source = 'restart.csv' ORDER BY id");
		assertThat(rows).hasSize(40);
		assertThat(rows.stream().map((r) -> r.get("ID")).distinct().count()).isEqualTo(40);
		long fromFirst = rows.stream()
			.filter((r) -> ((Number) r.get("JOB_EXECUTION_ID")).longValue() == failed.jobExecutionId())
			.count();
		assertThat(fromFirst).as("rows committed before the failure were not analysed again").isEqualTo(16);
		assertThat(this.sql.queryForList("SELECT * FROM qb_rejected WHERE source = 'restart.csv'")).hasSize(1);
	}

	@Test
	void readsAnH2TableAsTheSource(@Autowired org.springframework.core.env.Environment environment) throws Exception {
		this.sql.execute("CREATE TABLE reviews (review_id INT PRIMARY KEY, body VARCHAR(1000))");
		for (int i = 1; i <= 9; i++) {
			this.sql.update("INSERT INTO reviews VALUES (?, ?)", i, "review number " + i);
		}
		RunRequest settings = JobTestSupport.settings("--source-db", environment.getProperty("spring.datasource.url"),
				"--source-table", "reviews", "--id-column", "review_id", "--text-column", "body", "--task", "none",
				"--batch-size", "4");
		RunOutcome outcome = this.runner.run(settings, false);
		assertThat(outcome.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(outcome.read()).isEqualTo(9);
		assertThat(this.sql.queryForList("SELECT id FROM qb_result WHERE source = 'reviews' ORDER BY id")).hasSize(9);
	}

	@Test
	void aCrashedRunLeftStartedIsResumedAndNewRunStartsAFreshInstance() throws Exception {
		Path csv = JobTestSupport.csv(tmp, "crash.csv", 12);
		RunRequest settings = JobTestSupport.settings("--input", csv.toString(), "--task", "none", "--batch-size", "4");
		JobTestSupport.failOnChunk.set(2);
		RunOutcome failed = this.runner.run(settings, false);
		// simulate kill -9: the repository still says STARTED
		JobExecution execution = this.jobRepository.getJobExecution(failed.jobExecutionId());
		execution.setStatus(BatchStatus.STARTED);
		execution.setEndTime(null);
		this.jobRepository.update(execution);
		RunOutcome resumed = this.runner.run(settings, false);
		assertThat(resumed.resumed()).isTrue();
		assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.sql.queryForList("SELECT id FROM qb_result WHERE source = 'crash.csv'")).hasSize(12);
		RunOutcome fresh = this.runner.run(settings, true);
		assertThat(fresh.resumed()).isFalse();
		assertThat(fresh.unchanged()).isEqualTo(12);
	}

	@Test
	void anUnfinishedRunStartedByAnEarlierVersionIsResumedAndListed(@Autowired RunHistory history) throws Exception {
		Path csv = JobTestSupport.csv(tmp, "upgrade.csv", 12);
		RunRequest settings = JobTestSupport.settings("--input", csv.toString(), "--task", "none", "--batch-size", "4");
		JobTestSupport.failOnChunk.set(2);
		RunOutcome failed = this.runner.run(settings, false);
		assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
		// the settings as an earlier version stored them: a format this version cannot
		// read
		this.sql.update(
				"UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = ? WHERE JOB_EXECUTION_ID = ?"
						+ " AND PARAMETER_NAME = 'settings'",
				"{\"input\":\"old.csv\",\"batchSize\":4}", failed.jobExecutionId());
		assertThat(history.list(10)).extracting(RunHistory.PastRun::id).contains(failed.jobExecutionId());
		assertThat(history.find(failed.jobExecutionId())).get().extracting(RunHistory.PastRun::request).isNull();
		RunOutcome resumed = this.runner.run(settings, false);
		assertThat(resumed.resumed()).isTrue();
		assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.sql.queryForList("SELECT id FROM qb_result WHERE source = 'upgrade.csv'")).hasSize(12);
	}

}
