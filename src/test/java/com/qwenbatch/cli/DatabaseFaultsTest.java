package com.qwenbatch.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.qwenbatch.cli.Faults.count;
import static com.qwenbatch.cli.Faults.pg;
import static com.qwenbatch.cli.Faults.run;
import static com.qwenbatch.cli.Faults.runArgs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results database misbehaving under a run, on the real PostgreSQL server: its
 * connections cut mid-run, a row it refuses. Every row ends analysed or rejected exactly
 * once, and the same command, run again, finishes.
 */
class DatabaseFaultsTest {

	@TempDir
	Path tmp;

	@RegisterExtension
	final TestSchemas schemas = new TestSchemas();

	@Test
	void connectionsCutMidRunAreWaitedForAndTheRunFinishesEveryRowOnce() throws Exception {
		String schema = this.schemas.create();
		String db = pg(schema);
		Path csv = Faults.comments(this.tmp, "cut", 3000);
		CompletableFuture<ModelCommandTest.Run> running = CompletableFuture
			.supplyAsync(() -> run(runArgs(csv, db, "--batch-size", "8")));
		Faults.waitUntil(() -> Faults.countOnceReady(db, "SELECT COUNT(*) FROM qb_result") > 0,
				Duration.ofSeconds(120));
		assertThat(Faults.terminateConnections(schema)).as("connections cut").isPositive();

		ModelCommandTest.Run done = running.get(300, TimeUnit.SECONDS);
		assertThat(done.exitCode()).as(done.stderr()).isZero();
		assertThat(done.json().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(count(db, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'FAILED'"))
			.as("the cut execution, marked failed and restarted by the same command")
			.isEqualTo(1);
		assertThat(count(db, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'")).isEqualTo(1);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result")).isEqualTo(3000);
		assertThat(count(db, "SELECT COUNT(DISTINCT id) FROM qb_result")).isEqualTo(3000);
	}

	@Test
	void whenTheDatabaseStaysAwayTheRunFailsInOneLineAndTheSameCommandResumes() throws Exception {
		String schema = this.schemas.create();
		String db = pg(schema);
		Path csv = Faults.comments(this.tmp, "away", 3000);
		List<String> command = runArgs(csv, db, "--batch-size", "8", "--db-retry", "0");
		CompletableFuture<ModelCommandTest.Run> running = CompletableFuture.supplyAsync(() -> run(command));
		Faults.waitUntil(() -> Faults.countOnceReady(db, "SELECT COUNT(*) FROM qb_result") > 0,
				Duration.ofSeconds(120));
		Faults.terminateConnections(schema);

		ModelCommandTest.Run failed = running.get(300, TimeUnit.SECONDS);
		assertThat(failed.exitCode()).as(failed.stderr()).isEqualTo(ExitCodes.FAILED);
		assertThat(failed.json().get("status").asString()).isEqualTo("FAILED");
		assertThat(failed.stderr().lines().filter((l) -> l.startsWith("error:"))).singleElement()
			.asString()
			.contains("database connection was lost");
		assertThat(failed.stderr()).doesNotContain("\tat ");
		long committed = count(db, "SELECT COUNT(*) FROM qb_result");
		assertThat(committed).isBetween(1L, 2999L);

		ModelCommandTest.Run again = run(command);
		assertThat(again.exitCode()).as(again.stderr()).isZero();
		assertThat(again.json().get("resumed").asBoolean()).isTrue();
		assertThat(again.json().get("analysed").asLong()).as("only the rows not committed before")
			.isEqualTo(3000 - committed);
		assertThat(again.json().get("unchanged").asLong()).as("nothing read twice").isZero();
		assertThat(count(db, "SELECT COUNT(DISTINCT id) FROM qb_result")).isEqualTo(3000);
	}

	@Test
	void aRowTheDatabaseRefusesIsRejectedWithItsReasonAndTheRestOfItsChunkIsSaved() throws Exception {
		String db = pg(this.schemas.create());
		Path first = this.tmp.resolve("first.csv");
		Files.writeString(first, "id,text\n1,物流很快\n");
		assertThat(run(runArgs(first, db)).exitCode()).isZero(); // creates the tables
		// a rule the database enforces and the tool knows nothing of: the row is refused
		// at insert
		Faults.execute(db, "ALTER TABLE qb_result ADD CONSTRAINT no_poison CHECK (text NOT LIKE '%POISON%')");

		Path csv = this.tmp.resolve("poison.csv");
		StringBuilder rows = new StringBuilder("id,text\n");
		for (int i = 1; i <= 20; i++) {
			rows.append(i)
				.append(',')
				.append(i == 6 ? "POISON 第6条" : i == 7 ? "好\u0000评\u0007 第7条" : "评论 " + i)
				.append('\n');
		}
		Files.writeString(csv, rows, StandardCharsets.UTF_8);
		List<String> command = runArgs(csv, db, "--batch-size", "8");
		ModelCommandTest.Run done = run(command);
		assertThat(done.exitCode()).as(done.stderr()).isZero(); // 1 of 20 rejected: 5 %,
																// within the limit
		assertThat(done.json().get("analysed").asLong()).isEqualTo(19);
		assertThat(done.json().get("rejected").asLong()).isEqualTo(1);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE source = 'poison.csv'")).isEqualTo(19);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE source = 'poison.csv' AND id IN ('5', '7', '8')"))
			.as("the poison row's chunk neighbours")
			.isEqualTo(3);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_result WHERE id = '7' AND text = '好评 第7条'"))
			.as("control characters removed, on PostgreSQL as on H2")
			.isEqualTo(1);
		assertThat(count(db, "SELECT COUNT(*) FROM qb_rejected WHERE id = '6' AND reason LIKE"
				+ " 'the results database refused this row:%no_poison%'"))
			.isEqualTo(1);

		ModelCommandTest.Run again = run(command);
		assertThat(again.exitCode()).as(again.stderr()).isZero();
		assertThat(again.json().get("unchanged").asLong()).isEqualTo(19);

		String h2 = "jdbc:h2:file:" + this.tmp.resolve("h2").toAbsolutePath();
		assertThat(run(runArgs(csv, h2)).exitCode()).isZero();
		assertThat(count(h2, "SELECT COUNT(*) FROM qb_result WHERE id = '7' AND text = '好评 第7条'")).isEqualTo(1);
	}

}
