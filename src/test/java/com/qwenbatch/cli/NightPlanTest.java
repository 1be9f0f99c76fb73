package com.qwenbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.qwenbatch.cli.Faults.count;
import static com.qwenbatch.cli.Faults.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fitting the night: the follow-up only where it is wanted (--task-when), a stop time
 * (--max-duration, --stop-at) and the plan a run prints at start.
 */
class NightPlanTest {

	@TempDir
	Path tmp;

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		this.processes.forEach(Process::destroyForcibly);
	}

	private String h2(String name) {
		return "jdbc:h2:file:" + this.tmp.resolve(name).toAbsolutePath();
	}

	/**
	 * The run words with a reply task capped at 3 tokens, on the demo model (its random
	 * labels vary between these comments; the test model's do not).
	 */
	private static List<String> replyRun(Path csv, String db, String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", csv.toString(), "--db", db, "--model", "demo",
				"--task", "reply", "--max-new-tokens", "3", "--no-report"));
		args.addAll(List.of(extra));
		return args;
	}

	@Test
	void theFollowUpRunsOnlyForTheChosenLabelsAndAnotherChoiceRedoesOnlyTheRowsItChanges() throws IOException {
		Path csv = Faults.comments(this.tmp, "when", 60);
		// which labels the test model gives these comments
		String probe = h2("probe");
		List<String> sentimentOnly = replyRun(csv, probe);
		sentimentOnly.set(sentimentOnly.indexOf("reply"), "none");
		assertThat(run(sentimentOnly).exitCode()).isZero();
		String first = labelOfMost(probe, 0);
		String second = labelOfMost(probe, 1);

		String db = h2("when");
		ModelCommandTest.Run chosen = run(replyRun(csv, db, "--task-when", first));
		assertThat(chosen.exitCode()).as(chosen.stderr()).isZero();
		long withFirst = count(db, "SELECT COUNT(*) FROM qb_result WHERE sentiment = '" + first + "'");
		assertThat(count(db,
				"SELECT COUNT(*) FROM qb_result WHERE stop_reason <> 'skipped' AND task_output IS NOT NULL"
						+ " AND sentiment = '" + first + "'"))
			.as("every %s row has its reply", first)
			.isEqualTo(withFirst);
		assertThat(count(db,
				"SELECT COUNT(*) FROM qb_result WHERE stop_reason = 'skipped' AND task_output IS NULL"
						+ " AND reply IS NULL AND tokens_out <= 1 AND sentiment <> '" + first + "'"))
			.as("every other row is skipped, without output")
			.isEqualTo(60 - withFirst);
		assertThat(count(db, "SELECT COUNT(DISTINCT prompt_version) FROM qb_result")).isEqualTo(1);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE prompt_version LIKE '%+when=" + first + "'"))
			.isEqualTo(60);

		// another choice: only the rows whose decision it changes are analysed again
		long withSecond = count(db, "SELECT COUNT(*) FROM qb_result WHERE sentiment = '" + second + "'");
		ModelCommandTest.Run widened = run(replyRun(csv, db, "--task-when", first + "," + second));
		assertThat(widened.exitCode()).as(widened.stderr()).isZero();
		assertThat(widened.json().get("analysed").asLong()).isEqualTo(withSecond);
		assertThat(widened.json().get("unchanged").asLong()).isEqualTo(60 - withSecond);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE stop_reason = 'skipped'"))
			.isEqualTo(60 - withFirst - withSecond);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE task_output IS NOT NULL"))
			.isEqualTo(withFirst + withSecond);
	}

	/** The label with the {@code rank}-th most rows (0: the most). */
	private static String labelOfMost(String db, int rank) {
		List<String> labels = new ArrayList<>();
		try (var c = Faults.connect(db);
				var st = c.createStatement();
				var rs = st.executeQuery(
						"SELECT sentiment FROM qb_result GROUP BY sentiment ORDER BY COUNT(*) DESC, sentiment")) {
			while (rs.next()) {
				labels.add(rs.getString(1));
			}
		}
		catch (java.sql.SQLException ex) {
			throw new AssertionError(ex);
		}
		assertThat(labels).as("the test model gives these comments at least two labels").hasSizeGreaterThan(1);
		return labels.get(rank);
	}

	@Test
	void aMaxDurationStopsTheRunAndTheSameCommandWithoutItFinishesEveryRowOnce() throws Exception {
		// long enough that a slow start (model, database) still leaves time for chunks,
		// and
		// that the tiny model cannot finish them in 15 s: on a CPU with BF16 instructions
		// it
		// analysed 8,000 rows in 7.5 s
		int rows = 24000;
		Path csv = Faults.comments(this.tmp, "night", rows);
		String db = h2("night");
		List<String> command = Faults.runArgs(csv, db, "--batch-size", "32");
		List<String> timed = new ArrayList<>(command);
		timed.addAll(List.of("--max-duration", "15s"));
		Path log = this.tmp.resolve("timed.log");
		Process first = Faults.start(timed, log);
		this.processes.add(first);
		assertThat(first.waitFor(180, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		assertThat(first.exitValue()).as(output).isEqualTo(ExitCodes.STOPPED);
		JsonNode stopped = JsonMapper.builder().build().readTree(Faults.lastLine(log));
		assertThat(stopped.get("status").asString()).isEqualTo("STOPPED");
		long done = stopped.get("analysed").asLong();
		assertThat(done).isBetween(1L, rows - 1L);
		assertThat(output).contains("plan: 24,000 rows to analyse")
			.contains("no completed run of this model and task on this machine")
			.containsPattern("--max-duration 15s leaves [0-9]+ s")
			.contains("time is up (--max-duration 15s): stopping after the chunk in hand");

		ModelCommandTest.Run resumed = run(command);
		assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
		assertThat(resumed.json().get("resumed").asBoolean()).isTrue();
		assertThat(resumed.json().get("analysed").asLong()).isEqualTo(rows - done);
		assertThat(resumed.stderr()).contains("plan: " + String.format("%,d", rows - done) + " rows to analyse");
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(rows);
		assertThat(count(db, "SELECT COUNT(DISTINCT id) FROM qb_result")).isEqualTo(rows);

		// the completed run measured this machine's rate: the next plan uses it (the plan
		// line is all this needs: the run is stopped once it is out)
		List<String> again = new ArrayList<>(command);
		again.addAll(List.of("--new-run", "--reanalyze", "--stop-at", "23:59"));
		Path planLog = this.tmp.resolve("planned.log");
		Process planned = Faults.start(again, planLog);
		this.processes.add(planned);
		Faults.waitUntil(() -> readQuietly(planLog).matches("(?s).*plan: [^\\n]*\\n.*"), Duration.ofSeconds(120));
		planned.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		assertThat(readQuietly(planLog)).containsPattern("plan: 24,000 rows to analyse; about .* at [0-9.]+ rows/s "
				+ "\\(the last run of this model and task here\\); --stop-at 23:59 leaves ");
	}

	private static String readQuietly(Path log) {
		try {
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	@Test
	void badValuesAreRefusedBeforeAnythingStarts() throws IOException {
		Path csv = Faults.comments(this.tmp, "bad", 5);
		String db = h2("bad");
		for (List<String> extra : List.of(List.of("--max-duration", "90x"), List.of("--max-duration", "0m"),
				List.of("--stop-at", "25:00"), List.of("--stop-at", "soon"))) {
			List<String> args = new ArrayList<>(Faults.runArgs(csv, db));
			args.addAll(extra);
			ModelCommandTest.Run refused = run(args);
			assertThat(refused.exitCode()).as(String.join(" ", extra)).isEqualTo(ExitCodes.BAD_ARGUMENTS);
			assertThat(refused.stderr()).contains(extra.get(0));
		}
		ModelCommandTest.Run unknown = run(replyRun(csv, db, "--task-when", "开心"));
		assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(unknown.stderr()).contains("--task-when 开心").contains("正面").contains("负面 / negative");
		ModelCommandTest.Run nothingToRun = run(Faults.runArgs(csv, db, "--task-when", "负面"));
		assertThat(nothingToRun.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(nothingToRun.stderr()).contains("--task is none");
		assertThat(this.tmp.resolve("bad.mv.db")).as("nothing stored").doesNotExist();
	}

}
