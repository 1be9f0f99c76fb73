package com.qwenbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.PrecisionChoice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.qwenbatch.cli.Faults.count;
import static com.qwenbatch.cli.Faults.run;
import static com.qwenbatch.cli.Faults.runArgs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tonight's export is not last night's: ids that are row numbers, no id column, a file
 * replaced under an unfinished run, a full disk, one precision per run. Each is made to
 * happen, and the stored texts and counts are checked.
 */
class NightlyInputTest {

	@TempDir
	Path tmp;

	private final List<Process> processes = new ArrayList<>();

	private final List<Path> mounts = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		this.processes.forEach(Process::destroyForcibly);
		for (Path mount : this.mounts) {
			exec("umount", "-l", mount.toString());
		}
	}

	private String h2(String name) {
		return "jdbc:h2:file:" + this.tmp.resolve(name).toAbsolutePath();
	}

	/** A CSV export named {@code name} with {@code header} and one line per row. */
	private Path export(String name, String header, int rows, IntFunction<String> line) throws IOException {
		StringBuilder csv = new StringBuilder(header).append('\n');
		for (int i = 0; i < rows; i++) {
			csv.append(line.apply(i)).append('\n');
		}
		Path file = this.tmp.resolve(name);
		Files.writeString(file, csv);
		return file;
	}

	@Test
	void idsThatAreRowNumbersWithNewTextsAreAnalysedAgainCountedAsChangedAndWarnedAbout() throws IOException {
		String db = h2("reused");
		Path csv = export("comments.csv", "id,text", 50, (i) -> (i + 1) + ",昨晚的评论" + i + " 物流很快");
		ModelCommandTest.Run night1 = run(runArgs(csv, db, "--log-rows"));
		assertThat(night1.exitCode()).as(night1.stderr()).isZero();
		assertThat(night1.json().get("changed").asLong()).isZero();
		assertThat(night1.stdout().lines().filter((l) -> l.contains("\"sentiment\"")))
			.as("--log-rows writes to the command's own output, before its JSON line")
			.hasSize(50);

		// tonight's export over the same file name: ids 1..50 again, other comments;
		// rows 41..50 say what they said yesterday
		export("comments.csv", "id,text", 50,
				(i) -> (i + 1) + "," + (i < 40 ? "今晚的评论" + i + " 包装破损" : "昨晚的评论" + i + " 物流很快"));
		ModelCommandTest.Run night2 = run(runArgs(csv, db));
		assertThat(night2.exitCode()).as(night2.stderr()).isZero();
		assertThat(night2.json().get("analysed").asLong()).isEqualTo(40);
		assertThat(night2.json().get("changed").asLong()).isEqualTo(40);
		assertThat(night2.json().get("unchanged").asLong()).isEqualTo(10);
		assertThat(night2.stderr().lines().filter((l) -> l.startsWith("warning: "))).singleElement()
			.asString()
			.contains("40 of 50 known ids came with a different text")
			.contains("--id-column")
			.contains("--id-from-text");
		assertThat(night2.stderr()).contains("40 analysed").contains("40 of them changed");
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(50);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE text LIKE '今晚的评论%'")).isEqualTo(40);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE text LIKE '昨晚的评论%' AND CAST(id AS INT) > 40"))
			.isEqualTo(10);

		// the same export again: nothing to do, nothing to warn about
		ModelCommandTest.Run again = run(runArgs(csv, db));
		assertThat(again.json().get("analysed").asLong()).isZero();
		assertThat(again.json().get("unchanged").asLong()).isEqualTo(50);
		assertThat(again.stderr()).doesNotContain("warning:");

		// a few edited comments are not reused ids: counted, not warned about
		export("comments.csv", "id,text", 50,
				(i) -> (i + 1) + "," + (i < 5 ? "改过的评论" + i : i < 40 ? "今晚的评论" + i + " 包装破损" : "昨晚的评论" + i + " 物流很快"));
		ModelCommandTest.Run edited = run(runArgs(csv, db));
		assertThat(edited.json().get("changed").asLong()).isEqualTo(5);
		assertThat(edited.stderr()).doesNotContain("warning:");
	}

	@Test
	void withoutAnIdColumnTonightsCommentsAreNewRowsAndLastNightsStay() throws IOException {
		String db = h2("content");
		Path csv = export("export.csv", "text,date,channel", 50, (i) -> "第一晚" + i + ",2026-12-01,淘宝");
		ModelCommandTest.Run night1 = run(runArgs(csv, db));
		assertThat(night1.json().get("analysed").asLong()).isEqualTo(50);

		// tonight: 40 new comments, 10 of last night's again (other lines), one new
		// comment exported twice
		Path tonight = export("export.csv", "text,date,channel", 51, (i) -> i < 40 ? "第二晚" + i + ",2026-12-02,京东"
				: i < 50 ? "第一晚" + (i - 40) + ",2026-12-01,淘宝" : "第二晚0,2026-12-02,京东");
		ModelCommandTest.Run night2 = run(runArgs(tonight, db));
		assertThat(night2.exitCode()).as(night2.stderr()).isZero();
		assertThat(night2.json().get("rows_read").asLong()).isEqualTo(51);
		assertThat(night2.json().get("analysed").asLong()).isEqualTo(40);
		assertThat(night2.json().get("unchanged").asLong()).isEqualTo(11);
		assertThat(night2.json().get("changed").asLong()).isZero();
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(90);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE text LIKE '第一晚%' AND comment_date = '2026-12-01'"))
			.as("last night's results stay for the previous period")
			.isEqualTo(50);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE text = '第二晚0'")).isEqualTo(1);

		// --id-from-text does the same for an export whose id column holds row numbers
		String other = h2("from-text");
		Path numbered = export("numbered.csv", "id,text", 30, (i) -> (i + 1) + ",第一晚" + i);
		assertThat(run(runArgs(numbered, other, "--id-from-text")).exitCode()).isZero();
		export("numbered.csv", "id,text", 30, (i) -> (i + 1) + ",第二晚" + i);
		ModelCommandTest.Run second = run(runArgs(numbered, other, "--id-from-text"));
		assertThat(second.json().get("analysed").asLong()).isEqualTo(30);
		assertThat(second.json().get("changed").asLong()).isZero();
		assertThat(count(other, "SELECT COUNT(*) FROM qb_result")).isEqualTo(60);

		ModelCommandTest.Run both = run(runArgs(numbered, other, "--id-from-text", "--id-column", "id"));
		assertThat(both.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(both.stderr()).contains("--id-from-text").contains("--id-column");
	}

	/**
	 * kill -9 at about a quarter, tonight's export written over the file, the same
	 * command: the whole new file is read (not from the old file's record number), the
	 * killed execution is closed with its reason, and rows the killed run already did
	 * with the same text are not done again.
	 */
	@Test
	void aFileReplacedUnderAKilledRunIsReadWholeAndTheOldExecutionAbandoned() throws Exception {
		int rows = 4000;
		String db = h2("replaced");
		Path csv = export("comments.csv", "id,text", rows, (i) -> i + ",昨晚" + i);
		List<String> command = runArgs(csv, db, "--batch-size", "8");
		List<String> logged = new ArrayList<>(command);
		logged.add("--log-rows");
		Path firstLog = this.tmp.resolve("first.log");
		Process first = start(logged, firstLog);
		Faults.waitUntil(() -> lines(firstLog, "\"sentiment\"") >= rows / 4, java.time.Duration.ofSeconds(120));
		first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		long committed = count(db, "SELECT COUNT(*) FROM qb_result");
		assertThat(committed).isBetween(1L, rows / 2L);

		// tonight's file: the first half says the same, the second half is new
		export("comments.csv", "id,text", rows, (i) -> i + "," + (i < rows / 2 ? "昨晚" + i : "今晚" + i));
		Path secondLog = this.tmp.resolve("second.log");
		Process second = start(command, secondLog);
		assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(second.exitValue()).as(Files.readString(secondLog)).isZero();
		var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(Faults.lastLine(secondLog));
		assertThat(json.get("resumed").asBoolean()).isFalse();
		assertThat(json.get("rows_read").asLong()).as("the whole new file").isEqualTo(rows);
		assertThat(json.get("unchanged").asLong()).as("done by the killed run, same text").isEqualTo(committed);
		assertThat(json.get("analysed").asLong()).isEqualTo(rows - committed);
		assertThat(Files.readString(secondLog)).contains("is not the file the unfinished execution")
			.containsPattern("it was [0-9,]+ bytes, modified \\S+, sha256 [0-9a-f]{12}; it is now [0-9,]+ bytes");
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(rows);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE text LIKE '今晚%'")).isEqualTo(rows / 2);
		assertThat(
				count(db,
						"SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'ABANDONED'"
								+ " AND EXIT_MESSAGE LIKE 'the input file changed since this run started%'"))
			.isEqualTo(1);
	}

	/**
	 * A real full disk under the results database (an H2 file on a small tmpfs): one line
	 * naming it, FAILED (never UNKNOWN), exit 1; once space is freed, the same command
	 * finishes with every row once. Then a full report folder, named as such.
	 */
	@Test
	void aFullDiskIsNamedAndAfterFreeingSpaceTheSameCommandFinishesEveryRowOnce() throws Exception {
		// 100 MB, 34 MB taken: the run starts with 66 MB free and crosses the 64 MB kept
		// in
		// reserve for H2 as its file grows
		Path disk = mount("results-disk", "100m");
		Path filler = disk.resolve("filler");
		Files.write(filler, new byte[34 * 1024 * 1024]);
		String db = "jdbc:h2:file:" + disk.resolve("results").toAbsolutePath();
		int rows = 3000;
		Path csv = export("long.csv", "id,text", rows, (i) -> i + ",第" + i + "条：" + "很长的评论".repeat(60));
		List<String> command = runArgs(csv, db, "--batch-size", "32");

		Path log = this.tmp.resolve("full.log");
		Process process = start(command, log); // its own process, as cron starts it
		boolean ended = process.waitFor(300, TimeUnit.SECONDS);
		assertThat(ended).as(() -> "the run ended; its log:\n" + read(log)).isTrue();
		String output = Files.readString(log);
		assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.FAILED);
		var full = tools.jackson.databind.json.JsonMapper.builder().build().readTree(Faults.lastLine(log));
		assertThat(full.get("status").asString()).isEqualTo("FAILED");
		assertThat(full.get("error").asString()).startsWith("no space left on the disk of the results database")
			.contains(disk.resolve("results").toString())
			.containsPattern("[0-9.]+ MB free, below the 64 MB kept in reserve");
		assertThat(output.lines().filter((l) -> l.startsWith("error: "))).singleElement()
			.asString()
			.contains("no space left");
		assertThat(output).doesNotContain("wrong version").doesNotContain("UNKNOWN");

		Files.delete(filler);
		ModelCommandTest.Run freed = run(command);
		assertThat(freed.exitCode()).as(freed.stdout() + freed.stderr()).isZero();
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(rows);
		assertThat(count(db, "SELECT COUNT(DISTINCT id) FROM qb_result")).isEqualTo(rows);

		Path reports = Files.createDirectories(mount("report-disk", "1m").resolve("reports"));
		Files.write(reports.resolveSibling("filler"), new byte[1024 * 1024 - 4096]);
		fill(reports.resolveSibling("rest"));
		List<String> withReport = new ArrayList<>(runArgs(csv, h2("elsewhere"), "--limit", "20"));
		withReport.remove("--no-report");
		withReport.addAll(List.of("--out", reports.toString()));
		ModelCommandTest.Run noRoomForTheReport = run(withReport);
		assertThat(noRoomForTheReport.exitCode()).isEqualTo(ExitCodes.FAILED);
		assertThat(noRoomForTheReport.json().get("error").asString())
			.startsWith("no space left on the disk of the report folder " + reports);
	}

	/**
	 * A run decides its precision once: a resume given {@code auto} keeps what the run
	 * started with (here the opposite of what auto picks on this machine), and a resume
	 * asking for another one is refused.
	 */
	@Test
	void aResumedRunKeepsThePrecisionItStartedWith() throws Exception {
		Precision mine = PrecisionChoice.of(Precision.AUTO).chosen();
		Precision other = mine == Precision.BF16 ? Precision.F32 : Precision.BF16;
		String db = h2("precision");
		Path csv = export("p.csv", "id,text", 3000, (i) -> i + ",评论" + i);
		List<String> started = runArgs(csv, db, "--batch-size", "8", "--precision", other.label(), "--log-rows");
		Path log = this.tmp.resolve("p.log");
		Process first = start(started, log);
		Faults.waitUntil(() -> lines(log, "\"sentiment\"") >= 50, java.time.Duration.ofSeconds(120));
		first.destroy(); // SIGTERM: stops after the chunk in hand
		assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(first.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.STOPPED);

		ModelCommandTest.Run refused = run(runArgs(csv, db, "--precision", mine.label()));
		assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(refused.stderr()).contains("--precision " + other.label()).contains("--new-run");

		ModelCommandTest.Run resumed = run(runArgs(csv, db, "--precision", "auto"));
		assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
		assertThat(resumed.json().get("resumed").asBoolean()).isTrue();
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(3000);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE model_precision = '" + other.label() + "'"))
			.as("every row in the run's one precision")
			.isEqualTo(3000);
	}

	private Process start(List<String> args, Path log) throws IOException {
		Process process = Faults.start(args, log);
		this.processes.add(process);
		return process;
	}

	private Path mount(String name, String size) throws Exception {
		Path mount = Files.createDirectories(this.tmp.resolve(name));
		assertThat(exec("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString()))
			.as("mount a small tmpfs (needs root, which CI and the development machines have)")
			.isZero();
		this.mounts.add(0, mount);
		return mount;
	}

	/** Writes until the disk refuses. */
	private static void fill(Path file) {
		byte[] block = new byte[4096];
		try (var out = Files.newOutputStream(file)) {
			while (true) {
				out.write(block);
			}
		}
		catch (IOException ex) {
			assertThat(ex.getMessage()).contains("No space left");
		}
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static long lines(Path log, String containing) {
		try {
			return Files.exists(log) ? Files.readAllLines(log).stream().filter((l) -> l.contains(containing)).count()
					: 0;
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			return 0;
		}
	}

	private static int exec(String... command) throws Exception {
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

}
