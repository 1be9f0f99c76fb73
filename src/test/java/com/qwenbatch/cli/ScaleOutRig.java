package com.qwenbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a scaled-out test needs, one per test: a schema of its own in the machine's
 * PostgreSQL (so a queue of its own on the broker), a folder for files and process logs,
 * and the worker processes it starts, stopped and removed afterwards with the schema (and
 * the broker started again, whatever the test did to it).
 */
final class ScaleOutRig implements BeforeEachCallback, AfterEachCallback {

	static final String BROKER = "amqp://guest:guest@127.0.0.1:5672";

	private final List<Process> processes = new ArrayList<>();

	private String schema;

	private String db;

	private Path folder;

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		this.schema = Faults.newSchema();
		this.db = Faults.pg(this.schema);
		this.folder = Files.createTempDirectory("scale-out-");
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		Rabbit.startApp();
		this.processes.forEach(Process::destroyForcibly);
		for (Process p : this.processes) {
			p.waitFor(10, TimeUnit.SECONDS);
		}
		this.processes.clear();
		Faults.dropSchema(this.schema);
		try (Stream<Path> files = Files.walk(this.folder)) {
			files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

	/** The results database of this test (its own schema). */
	String db() {
		return this.db;
	}

	String schema() {
		return this.schema;
	}

	Path folder() {
		return this.folder;
	}

	/** The run command for the manager: sentiment only, chunks of 8, over the broker. */
	List<String> managerArgs(Path csv, String... extra) {
		List<String> args = new ArrayList<>(Faults.runArgs(csv, this.db, "--broker", BROKER));
		if (!List.of(extra).contains("--batch-size")) {
			args.addAll(List.of("--batch-size", "8"));
		}
		args.addAll(List.of(extra));
		return args;
	}

	/** A worker process serving the tiny test model, its output in {@code logName}. */
	Process startWorker(String logName, String... extra) throws IOException {
		List<String> args = new ArrayList<>(
				List.of("worker", "--broker", BROKER, "--db", this.db, "--model", Faults.model()));
		args.addAll(List.of(extra));
		return start(Path.of("."), args, logName);
	}

	/** A worker process started in {@code folder}, finding the run's model there. */
	Process startWorkerIn(Path folder, String logName) throws IOException {
		return start(folder, List.of("worker", "--broker", BROKER, "--db", this.db), logName);
	}

	/** Any command in its own process, stopped after the test. */
	Process start(Path workingFolder, List<String> args, String logName) throws IOException {
		Process process = Faults.startIn(workingFolder, args, this.folder.resolve(logName));
		this.processes.add(process);
		return process;
	}

	void assertEveryRowOnce(long rows) {
		assertThat(Faults.count(this.db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(rows);
		assertThat(Faults.count(this.db, "SELECT COUNT(DISTINCT source || id) FROM qb_result")).isEqualTo(rows);
	}

	void waitForLog(String name, String text) throws InterruptedException {
		Faults.waitUntil(() -> log(name).contains(text), Duration.ofSeconds(120));
	}

	/** A process's output so far ("" before it wrote any). */
	String log(String name) {
		try {
			Path file = this.folder.resolve(name);
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

}
