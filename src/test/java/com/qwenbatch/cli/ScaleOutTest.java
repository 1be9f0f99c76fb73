package com.qwenbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.qwenbatch.QwenBatchApplication;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Scaled-out runs: partitions in one process, and a manager with worker processes
 * (separate JVMs) over the RabbitMQ and PostgreSQL every machine has (`.ci/run` starts
 * them if they are down).
 */
class ScaleOutTest {

	private static final String BROKER = "amqp://guest:guest@127.0.0.1:5672";

	private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

	@TempDir
	Path tmp;

	private final List<Process> workers = new ArrayList<>();

	@AfterEach
	void stopWorkers() {
		this.workers.forEach(Process::destroyForcibly);
	}

	@Test
	void partitionsInOneProcessGiveTheSameResultsAsOneStream() throws Exception {
		Path csv = comments("local", 240);
		String single = h2("single");
		String split = h2("split");
		assertCompleted(run(csv, single, "--batch-size", "8"), 240);
		ModelCommandTest.Run partitioned = run(csv, split, "--batch-size", "8", "--partitions", "3");
		assertCompleted(partitioned, 240);
		assertThat(results(split, csv)).isEqualTo(results(single, csv));

		// a database source is split into id ranges; more partitions than rows leaves
		// some empty
		String source = h2("source");
		try (Connection c = DriverManager.getConnection(source); Statement st = c.createStatement()) {
			st.execute("CREATE TABLE comments (id BIGINT PRIMARY KEY, text VARCHAR(1000))");
			st.execute("INSERT INTO comments SELECT X * 3, '第' || X || '条 很好' FROM SYSTEM_RANGE(1, 50)");
		}
		ModelCommandTest.Run table = ModelCommandTest.run("run", "--source-db", source, "--source-table", "comments",
				"--db", split, "--model", model(), "--task", "none", "--no-report", "--partitions", "4");
		assertCompleted(table, 50);
		try (Connection c = DriverManager.getConnection(source); Statement st = c.createStatement()) {
			st.execute("DELETE FROM comments WHERE id > 6");
		}
		ModelCommandTest.Run fewRows = ModelCommandTest.run("run", "--source-db", source, "--source-table", "comments",
				"--db", h2("few"), "--model", model(), "--task", "none", "--no-report", "--partitions", "5");
		assertCompleted(fewRows, 2);
	}

	@Test
	void aManagerAndTwoWorkerProcessesGiveTheSameResultsAsOneProcess() throws Exception {
		Path csv = comments("remote", 2000);
		String single = h2("single");
		assertCompleted(run(csv, single, "--batch-size", "8"), 2000);

		startWorker();
		startWorker();
		waitForWorkers();
		// 2 partitions of 1,000 rows: chunks of 8 fall on the same rows as in the single
		// run
		ModelCommandTest.Run managed = run(csv, PG, "--batch-size", "8", "--partitions", "2", "--broker", BROKER);
		assertCompleted(managed, 2000);
		assertThat(workersOf(managed.json().get("job_execution_id").asLong())).as("both workers took a partition")
			.hasSize(2);

		try (Connection c = DriverManager.getConnection(PG, "postgres", "");
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("SELECT model_precision, COUNT(*) FROM qb_result WHERE source = '"
						+ csv.getFileName() + "' GROUP BY model_precision")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).as("the run's precision, not the workers' own").isEqualTo("f32");
			assertThat(rs.getLong(2)).isEqualTo(2000);
			assertThat(rs.next()).as("one precision in one run").isFalse();
		}
		Map<String, Double> expected = results(single, csv);
		Map<String, Double> actual = results(PG, csv);
		assertThat(actual.keySet()).isEqualTo(expected.keySet());
		expected.forEach((key, confidence) -> assertThat(actual.get(key)).as(key).isCloseTo(confidence, within(1e-4)));
	}

	@Test
	void aKilledWorkersPartitionFailsAndTheRerunFinishesOnlyWhatIsMissing() throws Exception {
		Path csv = comments("kill", 2000);
		Process victim = startWorker();
		startWorker();
		waitForWorkers();
		CompletableFuture<ModelCommandTest.Run> first = CompletableFuture
			.supplyAsync(() -> run(csv, PG, "--partitions", "4", "--broker", BROKER, "--worker-timeout", "5"));
		long victimPid = victim.pid();
		waitUntil(() -> committedRowsOf(victimPid) > 0, Duration.ofSeconds(120));
		victim.destroyForcibly(); // kill -9 in the middle of a partition
		ModelCommandTest.Run failed = first.get(180, TimeUnit.SECONDS);
		assertThat(failed.exitCode()).as(failed.stderr()).isEqualTo(ExitCodes.FAILED);
		assertThat(failed.json().get("status").asString()).isEqualTo("FAILED");
		assertThat(failed.json().get("error").asString()).contains("sent no heartbeat");
		long firstAnalysed = failed.json().get("analysed").asLong();
		assertThat(firstAnalysed).isBetween(1L, 1999L);

		startWorker();
		ModelCommandTest.Run rerun = run(csv, PG, "--partitions", "4", "--broker", BROKER, "--worker-timeout", "5");
		assertCompleted(rerun, 2000 - firstAnalysed);
		assertThat(rerun.json().get("resumed").asBoolean()).isTrue();
		assertThat(rerun.json().get("unchanged").asLong()).as("rows analysed again").isZero();
		try (Connection c = DriverManager.getConnection(PG, "postgres", "");
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id) FROM qb_result WHERE source = '"
						+ csv.getFileName() + "'")) {
			rs.next();
			assertThat(rs.getLong(1)).isEqualTo(2000);
			assertThat(rs.getLong(2)).isEqualTo(2000);
		}
	}

	private ModelCommandTest.Run run(Path csv, String db, String... extra) {
		// results are compared across runs and processes with other thread counts: f32
		// sums the same way in each
		List<String> args = new ArrayList<>(List.of("run", "--input", csv.toString(), "--db", db, "--model", model(),
				"--task", "none", "--no-report", "--precision", "f32"));
		args.addAll(List.of(extra));
		return ModelCommandTest.run(args.toArray(String[]::new));
	}

	private static void assertCompleted(ModelCommandTest.Run run, long analysed) {
		assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
		assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(run.json().get("analysed").asLong()).isEqualTo(analysed);
	}

	private Process startWorker() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-Dai.djl.offline=true",
				"-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"),
				QwenBatchApplication.class.getName(), "worker", "--broker", BROKER, "--db", PG, "--model", model(),
				"--precision", "bf16") // preloads bf16; each partition uses its run's
										// precision
			.redirectErrorStream(true)
			.redirectOutput(this.tmp.resolve("worker-" + this.workers.size() + ".log").toFile());
		Process worker = builder.start();
		this.workers.add(worker);
		return worker;
	}

	private void waitForWorkers() throws InterruptedException {
		waitUntil(() -> {
			for (int i = 0; i < this.workers.size(); i++) {
				Path log = this.tmp.resolve("worker-" + i + ".log");
				try {
					if (!Files.exists(log) || !Files.readString(log).contains("waiting for partitions")) {
						return false;
					}
				}
				catch (IOException ex) {
					return false;
				}
			}
			return true;
		}, Duration.ofSeconds(120));
	}

	/** The workers that ran partitions of this job execution. */
	private static List<String> workersOf(long jobExecutionId) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection c = DriverManager.getConnection(PG, "postgres", "");
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("SELECT DISTINCT w.worker_id FROM qb_partition_worker w"
						+ " JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = w.step_execution_id"
						+ " WHERE s.JOB_EXECUTION_ID = " + jobExecutionId)) {
			while (rs.next()) {
				names.add(rs.getString(1));
			}
		}
		return names;
	}

	/**
	 * Rows committed by the partition the worker with this pid runs (0 until it has one).
	 */
	private static long committedRowsOf(long pid) {
		try (Connection c = DriverManager.getConnection(PG, "postgres", "");
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(s.READ_COUNT), 0) FROM qb_partition_worker w"
						+ " JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = w.step_execution_id"
						+ " WHERE w.worker_id LIKE '%:" + pid + "' AND s.STATUS = 'STARTED'")) {
			return rs.next() ? rs.getLong(1) : 0;
		}
		catch (SQLException ex) {
			return 0; // tables not created yet
		}
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit)
			throws InterruptedException {
		long end = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(end);
			Thread.sleep(200);
		}
	}

	/** id + sentiment -> confidence, for the rows of this CSV file. */
	private static Map<String, Double> results(String db, Path csv) throws SQLException {
		Map<String, Double> rows = new TreeMap<>();
		String user = db.startsWith("jdbc:postgresql:") ? "postgres" : "sa";
		try (Connection c = DriverManager.getConnection(db, user, "");
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery(
						"SELECT id, sentiment, confidence FROM qb_result WHERE source = '" + csv.getFileName() + "'")) {
			while (rs.next()) {
				rows.put(rs.getString(1) + " " + rs.getString(2), rs.getDouble(3));
			}
		}
		return rows;
	}

	/**
	 * Rows with distinct texts (so no row is served from another's analysis) in a
	 * uniquely named file.
	 */
	private Path comments(String name, int rows) throws IOException {
		Path csv = this.tmp.resolve(name + "-" + UUID.randomUUID() + ".csv");
		StringBuilder text = new StringBuilder("id,text\n");
		String[] words = { "物流很快", "质量很差", "客服耐心", "包装破损", "great value", "never again" };
		for (int i = 0; i < rows; i++) {
			text.append(i).append(',').append(words[i % words.length]).append(" 第").append(i).append("条\n");
		}
		Files.writeString(csv, text);
		return csv;
	}

	private String h2(String name) {
		return "jdbc:h2:file:" + this.tmp.resolve(name).toAbsolutePath();
	}

	private static String model() {
		return TestModels.tiny(Architecture.QWEN2).toAbsolutePath().toString();
	}

}
