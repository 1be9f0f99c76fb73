package com.qwenbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers of a scaled-out run meet a database that drops every connection, partitions
 * failed from outside while their forward pass runs, and SIGTERM: the worker processes
 * live on (or leave cleanly), what they had in hand goes on from its last commit, and
 * every row is stored once.
 */
class WorkerFaultsTest {

	private static final String BROKER = "amqp://guest:guest@127.0.0.1:5672";

	@TempDir
	Path tmp;

	private String schema;

	private String db;

	private final List<Process> processes = new ArrayList<>();

	@BeforeEach
	void newSchema() throws Exception {
		this.schema = Faults.newSchema();
		this.db = Faults.pg(this.schema);
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.processes.forEach(Process::destroyForcibly);
		for (Process p : this.processes) {
			p.waitFor(10, TimeUnit.SECONDS);
		}
		Faults.dropSchema(this.schema);
	}

	@Test
	void databaseDropsUnderScaleOutAreWaitedForAndTheRunFinishesWithEveryRowOnce() throws Exception {
		Path csv = Faults.comments(this.tmp, "drops", 2000);
		Process first = startWorker("worker-1.log");
		Process second = startWorker("worker-2.log");
		waitForLog("worker-1.log", "waiting for partitions");
		waitForLog("worker-2.log", "waiting for partitions");
		CompletableFuture<ModelCommandTest.Run> manager = CompletableFuture
			.supplyAsync(() -> Faults.run(managerArgs(csv, "--partitions", "4", "--db-retry", "120")));
		for (long rows : new long[] { 200, 800 }) {
			Faults.waitUntil(() -> Faults.countOnceReady(this.db, "SELECT COUNT(*) FROM qb_result") >= rows,
					Duration.ofSeconds(120));
			assertThat(Faults.terminateConnections(this.schema)).as("connections ended").isPositive();
		}
		ModelCommandTest.Run run = manager.get(300, TimeUnit.SECONDS);
		assertThat(run.exitCode()).as(run.stderr() + log("worker-1.log") + log("worker-2.log")).isZero();
		assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(run.json().get("analysed").asLong()).isEqualTo(2000);
		assertEveryRowOnce(2000);
		assertThat(first.isAlive() && second.isAlive()).as("the workers carry on").isTrue();
		assertThat(log("worker-1.log") + log("worker-2.log")).as("a partition in flight went on from its last commit")
			.contains("handed back to the manager");
	}

	@Test
	void partitionsFailedFromOutsideMidForwardTwentyTimesNeverCrashTheWorker() throws Exception {
		Path csv = Faults.comments(this.tmp, "outside", 1500);
		Process worker = startWorker("worker.log");
		waitForLog("worker.log", "waiting for partitions");
		List<String> command = managerArgs(csv, "--partitions", "30", "--batch-size", "4");
		CompletableFuture<ModelCommandTest.Run> manager = CompletableFuture.supplyAsync(() -> Faults.run(command));
		Set<Long> failed = new HashSet<>();
		while (failed.size() < 20) {
			// a partition that committed a chunk and is inside the next one: its forward
			// pass
			// runs now
			long partition = Faults.countOnceReady(this.db,
					"SELECT COALESCE(MAX(STEP_EXECUTION_ID), 0) FROM BATCH_STEP_EXECUTION"
							+ " WHERE STEP_NAME LIKE 'analyzePartition:%' AND STATUS = 'STARTED' AND READ_COUNT >= 4");
			if (partition > 0 && failed.add(partition)) {
				// what a re-run of the manager does to partitions it finds running
				Faults.execute(this.db, "UPDATE BATCH_STEP_EXECUTION SET STATUS = 'FAILED', EXIT_CODE = 'FAILED',"
						+ " VERSION = VERSION + 1, END_TIME = LOCALTIMESTAMP WHERE STEP_EXECUTION_ID = " + partition);
			}
			assertThat(manager.isDone()).as("the run ended before 20 partitions were failed: " + failed.size())
				.isFalse();
			Thread.sleep(10);
		}
		ModelCommandTest.Run broken = manager.get(300, TimeUnit.SECONDS);
		assertThat(broken.exitCode()).as(broken.stderr()).isEqualTo(ExitCodes.FAILED);
		assertThat(worker.isAlive()).as(log("worker.log")).isTrue();
		assertNoCrashReport();

		// the worker takes the next partitions: the same command finishes the run
		ModelCommandTest.Run finished = Faults.run(command);
		assertThat(finished.exitCode()).as(finished.stderr()).isZero();
		assertEveryRowOnce(1500);

		// SIGTERM mid-partition: the worker stops after its chunk and leaves; its
		// partition
		// goes on from there on another worker
		Path more = Faults.comments(this.tmp, "term", 800);
		Process second = startWorker("second.log");
		waitForLog("second.log", "waiting for partitions");
		CompletableFuture<ModelCommandTest.Run> next = CompletableFuture
			.supplyAsync(() -> Faults.run(managerArgs(more, "--partitions", "2")));
		long pid = worker.pid();
		Faults.waitUntil(() -> Faults.countOnceReady(this.db, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION s"
				+ " JOIN qb_partition_worker w ON w.step_execution_id = s.STEP_EXECUTION_ID WHERE s.STATUS = 'STARTED'"
				+ " AND s.READ_COUNT >= 8 AND w.worker_id LIKE '%:" + pid + "'") > 0, Duration.ofSeconds(120));
		worker.destroy(); // SIGTERM
		assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as(log("worker.log")).isTrue();
		assertThat(worker.exitValue()).as(log("worker.log")).isZero();
		assertThat(log("worker.log")).contains("handed back to the manager").contains("stopped");
		ModelCommandTest.Run handedOver = next.get(300, TimeUnit.SECONDS);
		assertThat(handedOver.exitCode()).as(handedOver.stderr()).isZero();
		assertThat(handedOver.json().get("analysed").asLong()).isEqualTo(800);
		assertThat(Faults.count(this.db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(2300);
		assertThat(Faults.count(this.db, "SELECT COUNT(DISTINCT source || id) FROM qb_result")).isEqualTo(2300);
		assertNoCrashReport();
	}

	private void assertNoCrashReport() throws IOException {
		assertThat(log("worker.log")).doesNotContain("SIGSEGV").doesNotContain("fatal error");
		try (Stream<Path> files = Files.list(Path.of("."))) {
			assertThat(files.map(Path::toString).filter((name) -> name.contains("hs_err_pid"))).as("JVM crash reports")
				.isEmpty();
		}
	}

	private List<String> managerArgs(Path csv, String... extra) {
		List<String> args = new ArrayList<>(Faults.runArgs(csv, this.db, "--broker", BROKER));
		if (!List.of(extra).contains("--batch-size")) {
			args.addAll(List.of("--batch-size", "8"));
		}
		args.addAll(List.of(extra));
		return args;
	}

	private Process startWorker(String logName) throws IOException {
		Process worker = Faults.start(List.of("worker", "--broker", BROKER, "--db", this.db, "--model", Faults.model()),
				this.tmp.resolve(logName));
		this.processes.add(worker);
		return worker;
	}

	private void assertEveryRowOnce(long rows) {
		assertThat(Faults.count(this.db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(rows);
		assertThat(Faults.count(this.db, "SELECT COUNT(DISTINCT id) FROM qb_result")).isEqualTo(rows);
	}

	private void waitForLog(String name, String text) throws InterruptedException {
		Faults.waitUntil(() -> log(name).contains(text), Duration.ofSeconds(120));
	}

	private String log(String name) {
		try {
			Path file = this.tmp.resolve(name);
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

}
