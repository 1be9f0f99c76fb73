package com.qwenbatch.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.qwenbatch.llm.ModelFiles;
import com.qwenbatch.llm.ModelFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run defines the work, not the worker's folder: workers use the prompts the run
 * stored, and a worker whose copy of the model has other files refuses the run's
 * partitions in one line, leaving them to a worker that matches. One run stores one
 * prompt version and one model fingerprint.
 */
class WorkerMismatchTest {

	@RegisterExtension
	final ScaleOutRig rig = new ScaleOutRig();

	@Test
	void workersUseTheRunsPromptsAndOneWithOtherWeightsRefusesItsPartitions() throws Exception {
		Path demo = Path.of(ModelFiles.locate("demo"));
		// both workers have their own prompts folder with a rule changed: neither may use
		// it
		Path good = workerFolder("good", demo, false);
		Path bad = workerFolder("bad", demo, true);
		String badFiles = ModelFingerprint.of(bad.resolve("models/demo"));
		assertThat(badFiles).isNotEqualTo(ModelFingerprint.of(demo));

		Path csv = Faults.comments(this.rig.folder(), "mismatch", 400);
		List<String> command = List.of("run", "--input", csv.toString(), "--db", this.rig.db(), "--model", "demo",
				"--task", "none", "--no-report", "--batch-size", "8", "--partitions", "4", "--broker",
				ScaleOutRig.BROKER);
		Process badWorker = this.rig.startWorkerIn(bad, "bad.log");
		this.rig.waitForLog("bad.log", "waiting for partitions");
		CompletableFuture<ModelCommandTest.Run> manager = CompletableFuture
			.supplyAsync(() -> Faults.run(new ArrayList<>(command)));
		this.rig.waitForLog("bad.log", "refuses partition");
		Process goodWorker = this.rig.startWorkerIn(good, "good.log");

		ModelCommandTest.Run run = manager.get(300, TimeUnit.SECONDS);
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(run.json().get("analysed").asLong()).isEqualTo(400);
		assertThat(this.rig.log("bad.log")).contains("has files " + ModelFingerprint.of(demo) + " on the manager")
			.contains("has files " + badFiles)
			.containsOnlyOnce("refuses partition");
		assertThat(badWorker.isAlive()).isTrue();
		assertThat(Faults.count(this.rig.db(), "SELECT COUNT(DISTINCT worker_id) FROM qb_partition_worker"))
			.as("only the matching worker ran partitions")
			.isEqualTo(1);
		assertThat(Faults.count(this.rig.db(),
				"SELECT COUNT(*) FROM qb_partition_worker WHERE worker_id LIKE '%:" + goodWorker.pid() + "'"))
			.isEqualTo(4);

		// one prompt version, the manager's (a run in this folder gives it), and one set
		// of
		// weights
		String single = "jdbc:h2:file:" + this.rig.folder().resolve("single").toAbsolutePath();
		ModelCommandTest.Run reference = ModelCommandTest.run("run", "--input", csv.toString(), "--db", single,
				"--model", "demo", "--task", "none", "--no-report", "--limit", "8");
		assertThat(reference.exitCode()).as(reference.stderr()).isZero();
		String version;
		try (java.sql.Connection c = Faults.connect(single);
				java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT MAX(prompt_version) FROM qb_result")) {
			assertThat(rs.next()).isTrue();
			version = rs.getString(1);
		}
		assertThat(Faults.count(this.rig.db(), "SELECT COUNT(DISTINCT prompt_version) FROM qb_result")).isEqualTo(1);
		assertThat(
				Faults.count(this.rig.db(), "SELECT COUNT(*) FROM qb_result WHERE prompt_version = '" + version + "'"))
			.isEqualTo(400);
		assertThat(Faults.count(this.rig.db(),
				"SELECT COUNT(*) FROM qb_result WHERE model_fingerprint = '" + ModelFingerprint.of(demo) + "'"))
			.isEqualTo(400);

		// with only the refusing worker left, a run gives up after --worker-timeout and
		// says who refused
		goodWorker.destroy();
		goodWorker.waitFor(30, TimeUnit.SECONDS);
		Path more = Faults.comments(this.rig.folder(), "more", 100);
		ModelCommandTest.Run refused = ModelCommandTest.run("run", "--input", more.toString(), "--db", this.rig.db(),
				"--model", "demo", "--task", "none", "--no-report", "--partitions", "2", "--broker", ScaleOutRig.BROKER,
				"--worker-timeout", "8");
		assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(ExitCodes.FAILED);
		assertThat(refused.json().get("error").asString())
			.contains("no worker with this run's model files for 8 s (--worker-timeout)")
			.contains("refused by ")
			.contains(":" + badWorker.pid())
			.contains("their model files differ");
	}

	/**
	 * A worker's folder: its own prompts (the sentiment rules changed) and its own copy
	 * of the demo model, with one weight byte changed when {@code otherWeights}.
	 */
	private Path workerFolder(String name, Path demo, boolean otherWeights) throws IOException {
		Path folder = Files.createDirectories(this.rig.folder().resolve(name));
		Path prompts = Files.createDirectories(folder.resolve("prompts"));
		Files.writeString(prompts.resolve("sentiment.yaml"), Files.readString(Path.of("prompts/sentiment.yaml"))
			.replace("不得添加任何解释、标点或空格", "不得添加任何解释（" + name + "）"));
		Path copy = Files.createDirectories(folder.resolve("models/demo"));
		try (Stream<Path> files = Files.list(demo)) {
			for (Path file : files.toList()) {
				Files.copy(file, copy.resolve(file.getFileName()));
			}
		}
		if (otherWeights) {
			try (RandomAccessFile weights = new RandomAccessFile(copy.resolve("model.safetensors").toFile(), "rw")) {
				weights.seek(weights.length() - 2);
				int b = weights.read();
				weights.seek(weights.length() - 2);
				weights.write(b ^ 0x01);
			}
		}
		return folder;
	}

}
