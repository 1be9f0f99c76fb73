package com.qwenbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers of a scaled-out run meet a database that drops every connection, partitions
 * failed from outside while their forward pass runs, and SIGTERM: the worker processes
 * live on (or leave cleanly), what they had in hand goes on from its last commit, and
 * every row is stored once.
 */
class WorkerFaultsTest {

	@RegisterExtension
	final ScaleOutRig rig = new ScaleOutRig();

	@Test
	void databaseDropsUnderScaleOutAreWaitedForAndTheRunFinishesWithEveryRowOnce() throws Exception {
		Path csv = Faults.comments(this.rig.folder(), "drops", 2000);
		Process first = this.rig.startWorker("worker-1.log");
		Process second = this.rig.startWorker("worker-2.log");
		this.rig.waitForLog("worker-1.log", "waiting for partitions");
		this.rig.waitForLog("worker-2.log", "waiting for partitions");
		CompletableFuture<ModelCommandTest.Run> manager = CompletableFuture
			.supplyAsync(() -> Faults.run(this.rig.managerArgs(csv, "--partitions", "4", "--db-retry", "120")));
		for (long rows : new long[] { 200, 800 }) {
			Faults.waitUntil(() -> Faults.countOnceReady(this.rig.db(), "SELECT COUNT(*) FROM qb_result") >= rows,
					Duration.ofSeconds(120));
			assertThat(Faults.terminateConnections(this.rig.schema())).as("connections ended").isPositive();
		}
		ModelCommandTest.Run run = manager.get(300, TimeUnit.SECONDS);
		assertThat(run.exitCode()).as(run.stderr() + this.rig.log("worker-1.log") + this.rig.log("worker-2.log"))
			.isZero();
		assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(run.json().get("analysed").asLong()).isEqualTo(2000);
		this.rig.assertEveryRowOnce(2000);
		assertThat(first.isAlive() && second.isAlive()).as("the workers carry on").isTrue();
		assertThat(this.rig.log("worker-1.log") + this.rig.log("worker-2.log"))
			.as("a partition in flight went on from its last commit")
			.contains("handed back to the manager");
	}

	@Test
	void partitionsFailedFromOutsideMidForwardTwentyTimesNeverCrashTheWorker() throws Exception {
		Path csv = Faults.comments(this.rig.folder(), "outside", 1500);
		Process worker = this.rig.startWorker("worker.log");
		this.rig.waitForLog("worker.log", "waiting for partitions");
		List<String> command = this.rig.managerArgs(csv, "--partitions", "30", "--batch-size", "4");
		CompletableFuture<ModelCommandTest.Run> manager = CompletableFuture.supplyAsync(() -> Faults.run(command));
		Set<Long> failed = new HashSet<>();
		while (failed.size() < 20) {
			// a partition that committed a chunk and is inside the next one: its forward
			// pass
			// runs now
			long partition = Faults.countOnceReady(this.rig.db(),
					"SELECT COALESCE(MAX(STEP_EXECUTION_ID), 0) FROM BATCH_STEP_EXECUTION"
							+ " WHERE STEP_NAME LIKE 'analyzePartition:%' AND STATUS = 'STARTED' AND READ_COUNT >= 4");
			if (partition > 0 && failed.add(partition)) {
				// what a re-run of the manager does to partitions it finds running
				Faults.execute(this.rig.db(), "UPDATE BATCH_STEP_EXECUTION SET STATUS = 'FAILED', EXIT_CODE = 'FAILED',"
						+ " VERSION = VERSION + 1, END_TIME = LOCALTIMESTAMP WHERE STEP_EXECUTION_ID = " + partition);
			}
			assertThat(manager.isDone()).as("the run ended before 20 partitions were failed: " + failed.size())
				.isFalse();
			Thread.sleep(10);
		}
		ModelCommandTest.Run broken = manager.get(300, TimeUnit.SECONDS);
		assertThat(broken.exitCode()).as(broken.stderr()).isEqualTo(ExitCodes.FAILED);
		assertThat(worker.isAlive()).as(this.rig.log("worker.log")).isTrue();
		assertNoCrashReport();

		// the worker takes the next partitions: the same command finishes the run
		ModelCommandTest.Run finished = Faults.run(command);
		assertThat(finished.exitCode()).as(finished.stderr()).isZero();
		this.rig.assertEveryRowOnce(1500);

		// SIGTERM mid-partition: the worker stops after its chunk and leaves; its
		// partition
		// goes on from there on another worker
		Path more = Faults.comments(this.rig.folder(), "term", 800);
		Process second = this.rig.startWorker("second.log");
		this.rig.waitForLog("second.log", "waiting for partitions");
		CompletableFuture<ModelCommandTest.Run> next = CompletableFuture
			.supplyAsync(() -> Faults.run(this.rig.managerArgs(more, "--partitions", "2")));
		long pid = worker.pid();
		Faults.waitUntil(() -> Faults.countOnceReady(this.rig.db(), "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION s"
				+ " JOIN qb_partition_worker w ON w.step_execution_id = s.STEP_EXECUTION_ID WHERE s.STATUS = 'STARTED'"
				+ " AND s.READ_COUNT >= 8 AND w.worker_id LIKE '%:" + pid + "'") > 0, Duration.ofSeconds(120));
		worker.destroy(); // SIGTERM
		assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as(this.rig.log("worker.log")).isTrue();
		assertThat(worker.exitValue()).as(this.rig.log("worker.log")).isZero();
		assertThat(this.rig.log("worker.log")).contains("handed back to the manager").contains("stopped");
		ModelCommandTest.Run handedOver = next.get(300, TimeUnit.SECONDS);
		assertThat(handedOver.exitCode()).as(handedOver.stderr()).isZero();
		assertThat(handedOver.json().get("analysed").asLong()).isEqualTo(800);
		assertThat(Faults.count(this.rig.db(), "SELECT COUNT(*) FROM qb_result")).isEqualTo(2300);
		assertThat(Faults.count(this.rig.db(), "SELECT COUNT(DISTINCT source || id) FROM qb_result")).isEqualTo(2300);
		assertNoCrashReport();
	}

	private void assertNoCrashReport() throws IOException {
		assertThat(this.rig.log("worker.log")).doesNotContain("SIGSEGV").doesNotContain("fatal error");
		try (Stream<Path> files = Files.list(Path.of("."))) {
			assertThat(files.map(Path::toString).filter((name) -> name.contains("hs_err_pid"))).as("JVM crash reports")
				.isEmpty();
		}
	}

}
