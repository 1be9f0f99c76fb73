package com.qwenbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scaled-out runs meet the faults an operator meets, made to happen with the real
 * services: RabbitMQ stopped and started again ({@code rabbitmqctl stop_app} /
 * {@code start_app}) under busy workers and before a manager starts, no worker at all, a
 * SIGTERM to a manager that waits. Each time nothing needs a person: the processes wait
 * or end with one line, and the same command finishes the run with every row once.
 */
class BrokerFaultsTest {

	@RegisterExtension
	final ScaleOutRig rig = new ScaleOutRig();

	@Test
	void busyWorkersWaitOutABrokerRestartAndTheRunFinishes() throws Exception {
		Path csv = Faults.comments(this.rig.folder(), "restart", 2400);
		Process first = this.rig.startWorker("worker-1.log");
		Process second = this.rig.startWorker("worker-2.log");
		this.rig.waitForLog("worker-1.log", "waiting for partitions");
		this.rig.waitForLog("worker-2.log", "waiting for partitions");
		CompletableFuture<ModelCommandTest.Run> manager = CompletableFuture
			.supplyAsync(() -> Faults.run(this.rig.managerArgs(csv, "--partitions", "6")));
		Faults.waitUntil(() -> Faults.countOnceReady(this.rig.db(), "SELECT COUNT(*) FROM qb_partition_worker") >= 2,
				Duration.ofSeconds(120));

		Rabbit.stopApp(); // both workers are inside a partition; 6 requests wait on the
							// broker
		Thread.sleep(20_000);
		assertThat(first.isAlive()).as(this.rig.log("worker-1.log")).isTrue();
		assertThat(second.isAlive()).as(this.rig.log("worker-2.log")).isTrue();
		Rabbit.startApp();

		ModelCommandTest.Run run = manager.get(300, TimeUnit.SECONDS);
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(run.json().get("analysed").asLong()).isEqualTo(2400);
		this.rig.assertEveryRowOnce(2400);
		assertThat(first.isAlive() && second.isAlive()).as("the workers carry on").isTrue();
		for (String worker : List.of("worker-1.log", "worker-2.log")) {
			assertThat(this.rig.log(worker)).as(worker)
				.contains("the broker 127.0.0.1:5672 is out of reach")
				.contains("the broker 127.0.0.1:5672 is back")
				.doesNotContain("guest");
		}
		assertThat(Faults.count(this.rig.db(), "SELECT COUNT(DISTINCT worker_id) FROM qb_partition_worker"))
			.as("partitions taken after the restart went to both workers")
			.isEqualTo(2);
	}

	@Test
	void aBrokerDownAtStartThenNoWorkerEachEndTheRunWithOneLineAndTheSameCommandFinishes() throws Exception {
		Path csv = Faults.comments(this.rig.folder(), "nobody", 600);
		List<String> command = this.rig.managerArgs(csv, "--partitions", "3", "--worker-timeout", "5", "--broker-retry",
				"5");

		Rabbit.stopApp();
		// a worker with --exit-when-idle counts time without a broker as idle
		Process idle = this.rig.startWorker("idle.log", "--exit-when-idle", "3");
		ModelCommandTest.Run noBroker = Faults.run(command);
		assertThat(noBroker.exitCode()).as(noBroker.stderr()).isEqualTo(ExitCodes.FAILED);
		assertThat(noBroker.json().get("status").asString()).isEqualTo("FAILED");
		String error = noBroker.json().get("error").asString();
		assertThat(error).contains("the broker 127.0.0.1:5672 was out of reach for 5 s (--broker-retry)")
			.doesNotContain("database")
			.doesNotContain("guest");
		assertThat(idle.waitFor(120, TimeUnit.SECONDS)).as(this.rig.log("idle.log")).isTrue();
		assertThat(idle.exitValue()).as(this.rig.log("idle.log")).isZero();
		assertThat(this.rig.log("idle.log")).contains("the broker 127.0.0.1:5672 is out of reach")
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

		this.rig.startWorker("worker.log");
		this.rig.waitForLog("worker.log", "waiting for partitions");
		ModelCommandTest.Run finished = Faults.run(command);
		assertThat(finished.exitCode()).as(finished.stderr()).isZero();
		assertThat(finished.json().get("analysed").asLong()).isEqualTo(600);
		this.rig.assertEveryRowOnce(600);
	}

	@Test
	void sigtermOrTheStopTimeStopsAWaitingManagerAtOnceAndTheSameCommandFinishes() throws Exception {
		Path csv = Faults.comments(this.rig.folder(), "term", 600);
		List<String> command = this.rig.managerArgs(csv, "--partitions", "3");
		// --max-duration stops a waiting manager the same way
		List<String> timed = new java.util.ArrayList<>(command);
		timed.addAll(List.of("--max-duration", "3s"));
		long start = System.nanoTime();
		ModelCommandTest.Run timeUp = Faults.run(timed);
		assertThat(timeUp.exitCode()).as(timeUp.stderr()).isEqualTo(ExitCodes.STOPPED);
		assertThat(timeUp.json().get("status").asString()).isEqualTo("STOPPED");
		assertThat((System.nanoTime() - start) / 1e9).as("stopped when the time was up").isLessThan(20);

		Path managerLog = this.rig.folder().resolve("manager.log");
		Process manager = this.rig.start(Path.of("."), command, "manager.log");
		this.rig.waitForLog("manager.log", "waiting for workers");
		Thread.sleep(1_000);
		long signalled = System.nanoTime();
		manager.destroy(); // SIGTERM
		assertThat(manager.waitFor(20, TimeUnit.SECONDS)).as(Files.readString(managerLog)).isTrue();
		double seconds = (System.nanoTime() - signalled) / 1e9;
		assertThat(manager.exitValue()).as(Files.readString(managerLog)).isEqualTo(ExitCodes.STOPPED);
		assertThat(Faults.lastLine(managerLog)).contains("\"status\":\"STOPPED\"");
		assertThat(seconds).as("stopped at once").isLessThan(10);

		this.rig.startWorker("worker.log");
		ModelCommandTest.Run finished = Faults.run(command);
		assertThat(finished.exitCode()).as(finished.stderr()).isZero();
		assertThat(finished.json().get("resumed").asBoolean()).isTrue();
		assertThat(finished.json().get("analysed").asLong()).isEqualTo(600);
		this.rig.assertEveryRowOnce(600);
	}

}
