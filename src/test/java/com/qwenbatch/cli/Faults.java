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
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.qwenbatch.QwenBatchApplication;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault tests share: runs as a user types them (in this JVM or as a separate
 * process), schemas of their own on the real PostgreSQL server, CSV files, and polling.
 */
final class Faults {

	static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

	private Faults() {
	}

	static String model() {
		return TestModels.tiny(Architecture.QWEN2).toAbsolutePath().toString();
	}

	/**
	 * The run command's words for a CSV file and a results database, sentiment only, no
	 * report.
	 */
	static List<String> runArgs(Path csv, String db, String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", csv.toString(), "--db", db, "--model", model(),
				"--task", "none", "--no-report"));
		args.addAll(List.of(extra));
		return args;
	}

	static ModelCommandTest.Run run(List<String> args) {
		return ModelCommandTest.run(args.toArray(String[]::new));
	}

	/** The command in a separate JVM, its output in {@code log}. */
	static Process start(List<String> args, Path log) throws IOException {
		return startIn(Path.of("."), args, log);
	}

	/** The command in a separate JVM whose working folder is {@code folder}. */
	static Process startIn(Path folder, List<String> args, Path log) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-cp",
						System.getProperty("java.class.path"), QwenBatchApplication.class.getName()));
		command.addAll(args);
		return new ProcessBuilder(command).directory(folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	/** A new, empty schema; its URL names it as the connections' application name too. */
	static String newSchema() throws SQLException {
		String schema = "qb_fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute(PG, "CREATE SCHEMA " + schema);
		return schema;
	}

	static String pg(String schema) {
		return PG + "?currentSchema=" + schema + "&ApplicationName=" + schema;
	}

	static void dropSchema(String schema) throws SQLException {
		execute(PG, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
	}

	static void execute(String url, String sql) throws SQLException {
		try (Connection c = connect(url); Statement st = c.createStatement()) {
			st.execute(sql);
		}
	}

	/** The first column of the query's first row; an SQL error fails the test. */
	static long count(String url, String sql) {
		try (Connection c = connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			assertThat(rs.next()).as(sql).isTrue();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			throw new AssertionError(sql + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * For polling while a run starts: {@link #count}, or -1 while its tables are not
	 * there yet or its database cannot be read.
	 */
	static long countOnceReady(String url, String sql) {
		try (Connection c = connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			return rs.next() ? rs.getLong(1) : 0;
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	static Connection connect(String url) throws SQLException {
		return DriverManager.getConnection(url, url.startsWith("jdbc:postgresql:") ? "postgres" : "sa", "");
	}

	/**
	 * Ends every connection the run under test has open (they carry the schema as
	 * application name).
	 */
	static long terminateConnections(String schema) {
		return count(PG, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"
				+ schema + "'");
	}

	/** {@code rows} comments with distinct texts, ids 0..rows-1. */
	static Path comments(Path dir, String name, int rows) throws IOException {
		StringBuilder text = new StringBuilder("id,text\n");
		String[] words = { "物流很快", "质量很差", "客服耐心", "包装破损", "great value", "never again" };
		for (int i = 0; i < rows; i++) {
			text.append(i).append(',').append(words[i % words.length]).append(" 第").append(i).append("条\n");
		}
		Path csv = dir.resolve(name + ".csv");
		Files.writeString(csv, text);
		return csv;
	}

	static void waitUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
		long end = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(end);
			Thread.sleep(20);
		}
	}

	/** The JSON line a finished process printed last. */
	static String lastLine(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
	}

}
