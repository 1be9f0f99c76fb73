package com.qwenbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scaled-out runs meet the faults an operator meets, made to happen with the real
 * services: RabbitMQ stopped and started again ({@code rabbitmqctl stop_app} /
 * {@code start_app}) under busy workers and before a manager starts, no worker at all, a
 * SIGTERM to a manager that waits. Each time nothing needs a person: the processes wait
 * or end with one line, and the same command finishes the run with every row once.
 */
class BrokerFaultsTest {

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
		Rabbit.startApp(); // whatever happened, the broker is up for the next test
		this.processes.forEach(Process::destroyForcibly);
		for (Process p : this.processes) {
			p.waitFor(10, TimeUnit.SECONDS);
		}
		Faults.dropSchema(this.schema);
	}

	@Test
	void busyWorkersWaitOutABrokerRestartAndTheRunFinishes() throws Exception {
		Path csv = Faults.comments(this.tmp, "restart", 2400);
		Process first = startWorker("worker-1.log");
		Process second = startWorker("worker-2.log");
		waitForLog("worker-1.log", "waiting for partitions");
		waitForLog("worker-2.log", "waiting for partitions");
		CompletableFuture<ModelCommandTest.Run> manager = CompletableFuture
			.supplyAsync(() -> Faults.run(managerArgs(csv, "--partitions", "6")));
		Faults.waitUntil(() -> Faults.countOnceReady(this.db, "SELECT COUNT(*) FROM qb_partition_worker") >= 2,
				Duration.ofSeconds(120));

		Rabbit.stopApp(); // both workers are inside a partition; 6 requests wait on the
							// broker
		Thread.sleep(20_000);
		assertThat(first.isAlive()).as(log("worker-1.log")).isTrue();
		assertThat(second.isAlive()).as(log("worker-2.log")).isTrue();
		Rabbit.startApp();

		ModelCommandTest.Run run = manager.get(300, TimeUnit.SECONDS);
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(run.json().get("analysed").asLong()).isEqualTo(2400);
		assertEveryRowOnce(2400);
		assertThat(first.isAlive() && second.isAlive()).as("the workers carry on").isTrue();
		for (String worker : List.of("worker-1.log", "worker-2.log")) {
			assertThat(log(worker)).as(worker)
				.contains("the broker 127.0.0.1:5672 is out of reach")
				.contains("the broker 127.0.0.1:5672 is back")
				.doesNotContain("guest");
		}
		assertThat(Faults.count(this.db, "SELECT COUNT(DISTINCT worker_id) FROM qb_partition_worker"))
			.as("partitions taken after the restart went to both workers")
			.isEqualTo(2);
	}

	@Test
	void aBrokerDownAtStartThenNoWorkerEachEndTheRunWithOneLineAndTheSameCommandFinishes() throws Exception {
		Path csv = Faults.comments(this.tmp, "nobody", 600);
		List<String> command = managerArgs(csv, "--partitions", "3", "--worker-timeout", "5", "--broker-retry", "5");

		Rabbit.stopApp();
		// a worker with --exit-when-idle counts time without a broker as idle
		Process idle = Faults.start(List.of("worker", "--broker", BROKER, "--db", this.db, "--model", Faults.model(),
				"--exit-when-idle", "3"), this.tmp.resolve("idle.log"));
		this.processes.add(idle);
		ModelCommandTest.Run noBroker = Faults.run(command);
		assertThat(noBroker.exitCode()).as(noBroker.stderr()).isEqualTo(ExitCodes.FAILED);
		assertThat(noBroker.json().get("status").asString()).isEqualTo("FAILED");
		String error = noBroker.json().get("error").asString();
		assertThat(error).contains("the broker 127.0.0.1:5672 was out of reach for 5 s (--broker-retry)")
			.doesNotContain("database")
			.doesNotContain("guest");
		assertThat(idle.waitFor(120, TimeUnit.SECONDS)).as(log("idle.log")).isTrue();
		assertThat(idle.exitValue()).as(log("idle.log")).isZero();
		assertThat(log("idle.log")).contains("the broker 127.0.0.1:5672 is out of reach")
			.contains("no partition for 3 s, leaving");
		Rabbit.startApp();

		ModelCommandTest.Run noWorker = Faults.run(command);
		assertThat(noWorker.exitCode()).as(noWorker.stderr()).isEqualTo(ExitCodes.FAILED);
		assertThat(noWorker.json().get("resumed").asBoolean()).as("nothing blocked the second run").isTrue();
		assertThat(noWorker.json().get("error").asString())
			.contains("3 partition(s) still queued and no worker took one for 5 s (--worker-timeout)")
			.contains("worker --broker amqp://USER:PASSWORD@127.0.0.1:5672 --db jdbc:postgresql://127.0.0.1:5432/test")
			.contains("--queue qwen-batch.partitions.")
			.doesNotContain("guest");

		startWorker("worker.log");
		waitForLog("worker.log", "waiting for partitions");
		ModelCommandTest.Run finished = Faults.run(command);
		assertThat(finished.exitCode()).as(finished.stderr()).isZero();
		assertThat(finished.json().get("analysed").asLong()).isEqualTo(600);
		assertEveryRowOnce(600);
	}

	@Test
	void sigtermStopsAWaitingManagerAtOnceAndTheSameCommandFinishes() throws Exception {
		Path csv = Faults.comments(this.tmp, "term", 600);
		List<String> command = managerArgs(csv, "--partitions", "3");
		Path managerLog = this.tmp.resolve("manager.log");
		Process manager = Faults.start(command, managerLog);
		this.processes.add(manager);
		waitForLog("manager.log", "waiting for workers");
		Thread.sleep(1_000);
		long signalled = System.nanoTime();
		manager.destroy(); // SIGTERM
		assertThat(manager.waitFor(20, TimeUnit.SECONDS)).as(Files.readString(managerLog)).isTrue();
		double seconds = (System.nanoTime() - signalled) / 1e9;
		assertThat(manager.exitValue()).as(Files.readString(managerLog)).isEqualTo(ExitCodes.STOPPED);
		assertThat(Faults.lastLine(managerLog)).contains("\"status\":\"STOPPED\"");
		assertThat(seconds).as("stopped at once").isLessThan(10);

		startWorker("worker.log");
		ModelCommandTest.Run finished = Faults.run(command);
		assertThat(finished.exitCode()).as(finished.stderr()).isZero();
		assertThat(finished.json().get("resumed").asBoolean()).isTrue();
		assertThat(finished.json().get("analysed").asLong()).isEqualTo(600);
		assertEveryRowOnce(600);
	}

	private List<String> managerArgs(Path csv, String... extra) {
		List<String> args = new ArrayList<>(Faults.runArgs(csv, this.db, "--batch-size", "8", "--broker", BROKER));
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
