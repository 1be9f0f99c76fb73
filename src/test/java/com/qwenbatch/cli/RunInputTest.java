package com.qwenbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.qwenbatch.cli.Faults.count;
import static com.qwenbatch.cli.Faults.run;
import static com.qwenbatch.cli.Faults.runArgs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is refused before anything starts or is stored, in one line with exit 2;
 * credentials are never stored or printed; the source is only ever read.
 */
class RunInputTest {

	@TempDir
	Path tmp;

	@RegisterExtension
	final TestSchemas schemas = new TestSchemas();

	@Test
	void badOptionsAndFilesAreRefusedInOneLineBeforeAnythingIsStored() throws Exception {
		Path csv = Faults.comments(this.tmp, "good", 5);
		Path empty = Files.writeString(this.tmp.resolve("empty.csv"), "");
		Path workbook = Files.write(this.tmp.resolve("sheet.csv"), new byte[] { 'P', 'K', 3, 4, 20, 0, 6, 0, 0, 0 });
		Path db = this.tmp.resolve("results");
		String url = "jdbc:h2:file:" + db.toAbsolutePath();
		String[][] cases = { { "--max-rejected-percent", "150", "--max-rejected-percent must be between 0 and 100" },
				{ "--max-rejected-percent", "lots", "--max-rejected-percent must be a number" },
				{ "--skip-limit", "-1", "--skip-limit must be at least 0" },
				{ "--batch-size", "0", "--batch-size must be between 1 and 256" },
				{ "--language", "fr", "--language fr" },
				{ "--prompts", this.tmp.resolve("no-such-prompts").toString(), "prompts folder not found" },
				{ "--encoding", "KLINGON-8", "unknown charset" } };
		for (String[] bad : cases) {
			ModelCommandTest.Run refused = refusedQuickly(runArgs(csv, url, bad[0], bad[1]));
			assertThat(refused.stderr()).as(bad[0]).contains(bad[2]);
		}
		assertThat(refusedQuickly(runArgs(empty, url)).stderr()).contains("empty.csv").contains("empty");
		assertThat(refusedQuickly(runArgs(workbook, url)).stderr()).contains("sheet.csv").contains("Excel");
		assertThat(refusedQuickly(runArgs(this.tmp.resolve("missing.csv"), url)).stderr())
			.contains("input file not found");
		assertThat(refusedQuickly(runArgs(csv, url, "--text-column", "body")).stderr()).contains("good.csv line 1")
			.contains("'body'");
		assertThat(db.resolveSibling("results.mv.db")).as("no database was even opened").doesNotExist();
	}

	private static ModelCommandTest.Run refusedQuickly(List<String> args) {
		long start = System.nanoTime();
		ModelCommandTest.Run run = run(args);
		assertThat(run.exitCode()).as(args + "\n" + run.stderr()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(run.stderr().strip().lines()).as(args.toString()).singleElement().asString().startsWith("error: ");
		assertThat(run.json().get("status").asString()).isEqualTo("FAILED");
		assertThat(run.json().get("exit_code").asInt()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(System.nanoTime() - start).as("refused within about a second").isLessThan(3_000_000_000L);
		return run;
	}

	@Test
	void aTableOrColumnThatIsNotThereIsRefusedBeforeAJobExecutionExists() throws Exception {
		String schema = this.schemas.create();
		String db = Faults.pg(schema);
		Faults.execute(db, "CREATE TABLE comments (id BIGINT PRIMARY KEY, body VARCHAR(200))");
		ModelCommandTest.Run noTable = run(List.of("run", "--source-db", db, "--source-table", "commnets", "--db", db,
				"--model", Faults.model(), "--task", "none"));
		assertThat(noTable.exitCode()).as(noTable.stderr()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(noTable.stderr()).contains("source table 'commnets'").contains("127.0.0.1:5432/test");
		ModelCommandTest.Run noColumn = run(List.of("run", "--source-db", db, "--source-table", "comments", "--db", db,
				"--model", Faults.model(), "--task", "none"));
		assertThat(noColumn.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(noColumn.stderr()).contains("column 'text' is missing").contains("--text-column");
		assertThat(count(db, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).isZero();
	}

	@Test
	void credentialsAreNeitherStoredNorPrintedAndDoNotChangeTheJobsIdentity() throws Exception {
		String schema = this.schemas.create();
		String db = Faults.pg(schema);
		Faults.execute(db, "CREATE TABLE comments (id BIGINT PRIMARY KEY, text VARCHAR(200))");
		Faults.execute(db, "INSERT INTO comments VALUES (1, '物流很快'), (2, '质量很差'), (3, 'great value')");
		String withPassword = Faults.PG + "?user=postgres&password=s3cret-one&currentSchema=" + schema;
		ModelCommandTest.Run first = run(List.of("run", "--source-db", withPassword, "--source-table", "comments",
				"--db", db, "--model", Faults.model(), "--task", "none", "--since-last-run", "--no-report"));
		assertThat(first.exitCode()).as(first.stderr()).isZero();
		assertThat(first.json().get("analysed").asLong()).isEqualTo(3);
		assertThat(first.stderr()).contains("QWEN_BATCH_SOURCE_PASSWORD").doesNotContain("s3cret");
		assertThat(first.stdout()).doesNotContain("s3cret");
		for (String table : List.of("BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION_CONTEXT",
				"BATCH_STEP_EXECUTION_CONTEXT", "qb_watermark", "qb_result", "qb_run_lease")) {
			assertThat(count(db, "SELECT COUNT(*) FROM " + table + " t WHERE CAST(t AS TEXT) LIKE '%s3cret%'"))
				.as(table)
				.isZero();
		}
		Faults.execute(db, "INSERT INTO comments VALUES (4, '包装破损')");
		// the same source written another way, with another password: the same job, so
		// only the new row
		String reordered = Faults.PG + "?currentSchema=" + schema + "&password=s3cret-two&user=postgres";
		ModelCommandTest.Run second = run(List.of("run", "--source-db", reordered, "--source-table", "comments", "--db",
				db, "--model", Faults.model(), "--task", "none", "--since-last-run", "--no-report"));
		assertThat(second.exitCode()).as(second.stderr()).isZero();
		assertThat(second.json().get("rows_read").asLong()).as("rows after the watermark").isEqualTo(1);
	}

	@Test
	void theSourceIsOnlyEverRead() throws Exception {
		String schema = this.schemas.create();
		String db = Faults.pg(schema);
		Faults.execute(db, "CREATE TABLE comments (id BIGINT PRIMARY KEY, text VARCHAR(200))");
		Faults.execute(db, "INSERT INTO comments VALUES (1, '物流很快'), (2, '质量很差')");
		ModelCommandTest.Run twoStatements = run(List.of("run", "--source-db", db, "--source-query",
				"SELECT id, text FROM comments; DROP TABLE comments", "--db", db, "--model", Faults.model(), "--task",
				"none"));
		assertThat(twoStatements.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(twoStatements.stderr()).contains("one SELECT statement");
		// a write hidden in a function the SELECT calls: the read-only transaction
		// refuses it
		Faults.execute(db, "CREATE FUNCTION purge() RETURNS INT LANGUAGE plpgsql AS $$ BEGIN DELETE FROM comments;"
				+ " RETURN 1; END $$");
		ModelCommandTest.Run hiddenWrite = run(
				List.of("run", "--source-db", db, "--source-query", "SELECT id, text FROM comments WHERE purge() = 1",
						"--db", db, "--model", Faults.model(), "--task", "none"));
		assertThat(hiddenWrite.exitCode()).isNotZero();
		assertThat(hiddenWrite.stderr()).contains("cannot execute DELETE in a read-only transaction");
		assertThat(count(db, "SELECT COUNT(*) FROM comments")).as("the source is untouched").isEqualTo(2);
	}

}
