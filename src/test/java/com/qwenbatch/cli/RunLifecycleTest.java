package com.qwenbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.qwenbatch.cli.Faults.count;
import static com.qwenbatch.cli.Faults.run;
import static com.qwenbatch.cli.Faults.runArgs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run as a separate process, as cron starts it: a second run while it lives, kill -9,
 * SIGTERM, options changed on resume. Nothing is lost, nothing is done twice, the same
 * command finishes.
 */
class RunLifecycleTest {

	private static final int ROWS = 4000;

	@TempDir
	Path tmp;

	private final List<Process> processes = new ArrayList<>();

	@RegisterExtension
	final TestSchemas schemas = new TestSchemas();

	@AfterEach
	void cleanUp() throws SQLException {
		this.processes.forEach(Process::destroyForcibly);
	}

	private Process start(List<String> args, String log) throws Exception {
		Process process = Faults.start(args, this.tmp.resolve(log));
		this.processes.add(process);
		return process;
	}

	@Test
	void aSecondRunWhileTheFirstLivesIsRefusedAndAKilledRunIsTakenOverAtOnce() throws Exception {
		String schema = this.schemas.create();
		String db = Faults.pg(schema);
		Path csv = Faults.comments(this.tmp, "live", ROWS);
		List<String> command = runArgs(csv, db, "--batch-size", "8");
		Process first = start(command, "first.log");
		Faults.waitUntil(() -> Faults.countOnceReady(db, "SELECT COUNT(*) FROM qb_result") > 0,
				Duration.ofSeconds(120));

		long executionsBefore = count(db, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION");
		long started = System.nanoTime();
		ModelCommandTest.Run second = run(command);
		assertThat(second.exitCode()).as(second.stderr()).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(second.stderr()).contains("another run of this job is still running")
			.contains(":" + first.pid())
			.contains("started ");
		assertThat(second.json().get("status").asString()).isEqualTo("FAILED");
		assertThat(second.json().get("exit_code").asInt()).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(count(db, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).as("nothing started")
			.isEqualTo(executionsBefore);
		assertThat(first.isAlive()).as("the first run goes on").isTrue();

		first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no chance to
																// release anything
		long committed = count(db, "SELECT COUNT(*) FROM qb_result");
		ModelCommandTest.Run takeover = run(command);
		assertThat(takeover.exitCode()).as(takeover.stderr()).isZero();
		assertThat(takeover.json().get("resumed").asBoolean()).isTrue();
		assertThat(takeover.json().get("analysed").asLong()).isEqualTo(ROWS - committed);
		assertThat(count(db, "SELECT COUNT(DISTINCT id) FROM qb_result")).isEqualTo(ROWS);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(ROWS);
		assertThat(System.nanoTime() - started).as("the killed run's lease did not have to time out")
			.isLessThan(Duration.ofSeconds(60).toNanos());
	}

	@Test
	void sigtermStopsAfterTheChunkInHandAndTheSameCommandResumesWithSafeChanges() throws Exception {
		String db = "jdbc:h2:file:" + this.tmp.resolve("results").toAbsolutePath();
		Path csv = Faults.comments(this.tmp, "term", ROWS);
		List<String> command = runArgs(csv, db, "--batch-size", "8");
		List<String> logged = new ArrayList<>(command);
		logged.add("--log-rows"); // a line per analysed row: the test sees the run under
									// way at once
		Process run = start(logged, "run.log");
		Path log = this.tmp.resolve("run.log");
		Faults.waitUntil(() -> contains(log, "\"sentiment\""), Duration.ofSeconds(120));

		// the H2 file is held by the live run: a second process gets one line, not a
		// stack trace
		ModelCommandTest.Run locked = run(command);
		assertThat(locked.exitCode()).as(locked.stdout() + locked.stderr() + Files.readString(log))
			.isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(locked.stderr().strip().lines()).singleElement().asString().contains("open in another process");

		run.destroy(); // SIGTERM
		assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(run.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.STOPPED);
		JsonNode stopped = JsonMapper.builder().build().readTree(Faults.lastLine(log));
		assertThat(stopped.get("status").asString()).isEqualTo("STOPPED");
		assertThat(stopped.get("exit_code").asInt()).isEqualTo(ExitCodes.STOPPED);
		long analysedBefore = stopped.get("analysed").asLong();
		assertThat(analysedBefore).isBetween(1L, ROWS - 1L);
		assertThat(Files.readString(log)).doesNotContain("ERROR").doesNotContain("\tat ");

		List<String> otherLanguage = new ArrayList<>(logged);
		otherLanguage.addAll(List.of("--language", "zh"));
		ModelCommandTest.Run refused = run(otherLanguage);
		assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(refused.stderr()).contains("--language auto").contains("--language zh").contains("--new-run");

		List<String> biggerBatches = runArgs(csv, db, "--batch-size", "32"); // --log-rows
																				// dropped:
																				// may
																				// change
																				// too
		ModelCommandTest.Run resumed = run(biggerBatches);
		assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
		assertThat(resumed.json().get("resumed").asBoolean()).isTrue();
		assertThat(resumed.json().get("analysed").asLong()).isEqualTo(ROWS - analysedBefore);
		assertThat(count(db, "SELECT COUNT(DISTINCT id) FROM qb_result")).isEqualTo(ROWS);
		long lastStep = count(db,
				"SELECT MAX(STEP_EXECUTION_ID) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'analyzeComments'");
		long commits = count(db, "SELECT COMMIT_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = " + lastStep);
		assertThat(commits).as("the resumed step ran with --batch-size 32")
			.isLessThanOrEqualTo((ROWS - analysedBefore) / 32 + 2);
	}

	private static boolean contains(Path log, String text) {
		try {
			return Files.exists(log) && Files.readString(log).contains(text);
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
