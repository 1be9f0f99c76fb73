package com.qwenbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** run, export and report as a user calls them: the --db given is the one used. */
class RunCommandTest {

	@TempDir
	Path tmp;

	@Test
	void runThenExportAndReportAgainstTheGivenDatabase() throws IOException {
		Path csv = this.tmp.resolve("c.csv");
		Files.writeString(csv, "id,text\n1,物流很快\n2,\"=HYPERLINK(\"\"x\"\")\"\n3,\n4,质量很差\n");
		String db = "jdbc:h2:file:" + this.tmp.resolve("results").toAbsolutePath();
		ModelCommandTest.Run run = ModelCommandTest.run("run", "--input", csv.toString(), "--db", db, "--model",
				TestModels.tiny(Architecture.QWEN2).toString(), "--task", "none", "--report-dir",
				this.tmp.resolve("reports").toString());
		assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.TOO_MANY_REJECTED); // 1
																							// of
																							// 4
																							// rejected
		assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(run.json().get("error").asString())
			.isEqualTo("1 of 4 rows rejected: 25 % > --max-rejected-percent 5");
		assertThat(run.stderr()).contains("warning: 1 of 4 rows rejected: 25 % > --max-rejected-percent 5");
		assertThat(run.json().get("analysed").asInt()).isEqualTo(3);
		assertThat(this.tmp.resolve("results.mv.db")).exists();
		assertThat(Path.of(run.json().get("report").asString())).exists().startsWith(this.tmp.resolve("reports"));

		Path jsonl = this.tmp.resolve("out.jsonl");
		ModelCommandTest.Run export = ModelCommandTest.run("export", "--db", db, "--format", "jsonl", "--out",
				jsonl.toString());
		assertThat(export.exitCode()).isZero();
		List<String> lines = Files.readAllLines(jsonl);
		assertThat(lines).hasSize(3);
		JsonNode first = JsonMapper.builder().build().readTree(lines.get(0));
		for (String field : List.of("id", "sentiment", "confidence", "reply", "summary", "stop_reason")) {
			assertThat(first.has(field)).as(field).isTrue();
		}
		Path csvExport = this.tmp.resolve("results.csv");
		assertThat(ModelCommandTest.run("export", "--db", db, "--out", csvExport.toString()).exitCode()).isZero();
		assertThat(Files.readString(csvExport)).as("a formula-looking comment is neutralised in CSV")
			.contains("\"'=HYPERLINK(\"\"x\"\")\"")
			.doesNotContain(",\"=HYPERLINK");
		Path rejected = this.tmp.resolve("rejected.csv");
		assertThat(ModelCommandTest
			.run("export", "--db", db, "--format", "csv", "--out", rejected.toString(), "--rejected")
			.exitCode()).isZero();
		assertThat(Files.readAllLines(rejected)).hasSize(2).last().asString().contains("empty text");

		ModelCommandTest.Run report = ModelCommandTest.run("report", "--db", db, "--out",
				this.tmp.resolve("r.xlsx").toString());
		assertThat(report.exitCode()).isZero();
		assertThat(report.json().get("rows").asInt()).isEqualTo(3);
	}

	/**
	 * --decode-slots 2 with batches of 7: the replies stream through two slots, rows
	 * joining as others end, and every row's reply is the one a run with a slot for every
	 * row writes.
	 */
	@Test
	void repliesThroughFewerSlotsThanRowsAreTheSameReplies() throws IOException {
		Path csv = this.tmp.resolve("c.csv");
		Files.writeString(csv,
				"id,text\n1,物流很快\n2,质量很差，再也不买了\n3,还行\n4,客服态度不好\n5,good value\n" + "6,包装破了\n7,非常满意，下次还来\n");
		List<List<String>> replies = new java.util.ArrayList<>();
		for (String slots : List.of("2", "32")) {
			String db = "jdbc:h2:file:" + this.tmp.resolve("slots" + slots).toAbsolutePath();
			ModelCommandTest.Run run = ModelCommandTest.run("run", "--input", csv.toString(), "--db", db, "--model",
					TestModels.tiny(Architecture.QWEN2).toString(), "--task", "reply", "--max-new-tokens", "6",
					"--batch-size", "7", "--decode-slots", slots, "--report-dir", this.tmp.resolve("r").toString());
			assertThat(run.exitCode()).as(run.stderr()).isZero();
			assertThat(run.json().get("analysed").asInt()).isEqualTo(7);
			Path jsonl = this.tmp.resolve("out" + slots + ".jsonl");
			assertThat(ModelCommandTest.run("export", "--db", db, "--format", "jsonl", "--out", jsonl.toString())
				.exitCode()).isZero();
			List<String> rows = new java.util.ArrayList<>();
			for (String line : Files.readAllLines(jsonl)) {
				JsonNode row = JsonMapper.builder().build().readTree(line);
				rows.add(row.get("id").asString() + "|" + row.get("reply").asString() + "|"
						+ row.get("stop_reason").asString());
			}
			assertThat(rows).hasSize(7);
			replies.add(rows.stream().sorted().toList());
		}
		assertThat(replies.get(0)).isEqualTo(replies.get(1));
		ModelCommandTest.Run tooMany = ModelCommandTest.run("run", "--input", csv.toString(), "--db",
				"jdbc:h2:file:" + this.tmp.resolve("none").toAbsolutePath(), "--decode-slots", "0");
		assertThat(tooMany.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(tooMany.stderr()).contains("--decode-slots");
	}

	/**
	 * --labels topic: each row's topic scored in the same run, stored with its
	 * confidence, exported as "labels", shown on the Topics sheet; a later run without it
	 * analyses the rows again (other prompt versions) and keeps no stale topic.
	 */
	@Test
	void topicLabelsAreStoredExportedAndReportedAndGoWhenARunDropsThem() throws IOException {
		Path csv = Faults.comments(this.tmp, "topics", 20);
		String db = "jdbc:h2:file:" + this.tmp.resolve("topics-db").toAbsolutePath();
		String model = TestModels.tiny(Architecture.QWEN2).toString();
		Path reports = this.tmp.resolve("topic-reports");
		ModelCommandTest.Run run = ModelCommandTest.run("run", "--input", csv.toString(), "--db", db, "--model", model,
				"--task", "none", "--labels", "topic", "--out", reports.toString());
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(Faults.count(db,
				"SELECT COUNT(*) FROM qb_result_label WHERE task = 'topic'"
						+ " AND label IN ('物流', '质量', '价格', '客服', '包装', '功能', '其他')"
						+ " AND confidence > 0 AND confidence <= 1"))
			.isEqualTo(20);
		assertThat(Faults.count(db, "SELECT COUNT(*) FROM qb_result WHERE prompt_version LIKE '%+topic=%'"))
			.isEqualTo(20);
		Path jsonl = this.tmp.resolve("topics.jsonl");
		assertThat(
				ModelCommandTest.run("export", "--db", db, "--format", "jsonl", "--out", jsonl.toString()).exitCode())
			.isZero();
		JsonMapper json = JsonMapper.builder().build();
		for (String line : Files.readAllLines(jsonl)) {
			JsonNode labels = json.readTree(line).get("labels");
			assertThat(labels.propertyNames()).containsExactly("topic");
			assertThat(labels.get("topic").asString()).isIn("物流", "质量", "价格", "客服", "包装", "功能", "其他");
		}
		Path csvExport = this.tmp.resolve("topics.csv");
		assertThat(ModelCommandTest.run("export", "--db", db, "--out", csvExport.toString()).exitCode()).isZero();
		List<String> csvLines = Files.readAllLines(csvExport);
		assertThat(csvLines.get(0)).endsWith(",\"model_precision\",\"labels\",\"model_fingerprint\"");
		assertThat(csvLines.get(1)).containsPattern("\"\\{\"\"topic\"\":\"\"[^\"]+\"\"\\}\",\"[0-9a-f]{16}\"$");
		try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
				Files.newInputStream(Path.of(run.json().get("report").asString())))) {
			assertThat(book.getSheetName(1)).isEqualTo("Topics");
			var topics = book.getSheet("Topics");
			long total = 0;
			for (int r = 1; r <= topics.getLastRowNum() && topics.getRow(r) != null
					&& topics.getRow(r).getCell(4) != null; r++) {
				total += (long) topics.getRow(r).getCell(4).getNumericCellValue();
			}
			assertThat(total).isEqualTo(20);
			assertThat(topics.getRow(0).getCell(8).getStringCellValue()).as("the run's model wrote the sentences")
				.isEqualTo("in one sentence");
		}
		// report on demand: the topic sentences only with --model
		for (boolean withModel : new boolean[] { false, true }) {
			Path out = this.tmp.resolve("on-demand-" + withModel + ".xlsx");
			List<String> args = new java.util.ArrayList<>(List.of("report", "--db", db, "--out", out.toString()));
			if (withModel) {
				args.addAll(List.of("--model", model));
			}
			ModelCommandTest.Run report = ModelCommandTest.run(args.toArray(String[]::new));
			assertThat(report.exitCode()).as(report.stderr()).isZero();
			try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(Files.newInputStream(out))) {
				var header = book.getSheet("Topics").getRow(0);
				assertThat(header.getLastCellNum()).isEqualTo((short) (withModel ? 9 : 8));
				if (withModel) {
					assertThat(header.getCell(8).getStringCellValue()).isEqualTo("in one sentence");
				}
				String footnote = "";
				for (var row : book.getSheet("Summary")) {
					if (row.getCell(0) != null && "Topic sentences".equals(row.getCell(0).getStringCellValue())) {
						footnote = row.getCell(1).getStringCellValue();
					}
				}
				assertThat(footnote).startsWith(withModel ? "written by the model" : "not written");
			}
		}

		ModelCommandTest.Run again = ModelCommandTest.run("run", "--input", csv.toString(), "--db", db, "--model",
				model, "--task", "none", "--no-report");
		assertThat(again.exitCode()).as(again.stderr()).isZero();
		assertThat(again.json().get("analysed").asInt()).as("other prompt versions: analysed again").isEqualTo(20);
		assertThat(Faults.count(db, "SELECT COUNT(*) FROM qb_result_label")).isZero();

		ModelCommandTest.Run notALabel = ModelCommandTest.run("run", "--input", csv.toString(), "--db", db, "--model",
				model, "--labels", "reply");
		assertThat(notALabel.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(notALabel.stderr()).contains("--labels reply:").contains("is not an extra label task");
	}

	@Test
	void aLimitedFirstRunThenTheRunHistoryAndReportsThatAreNeverOverwritten() throws IOException {
		Path csv = Faults.comments(this.tmp, "history", 30);
		String db = "jdbc:h2:file:" + this.tmp.resolve("history-db").toAbsolutePath();
		Path reports = this.tmp.resolve("reports");
		String model = TestModels.tiny(Architecture.QWEN2).toString();
		ModelCommandTest.Run first = ModelCommandTest.run("run", "--input", csv.toString(), "--db", db, "--model",
				model, "--task", "summary", "--max-new-tokens", "2", "--limit", "12", "--out", reports.toString());
		assertThat(first.exitCode()).as(first.stderr()).isZero();
		assertThat(first.json().get("rows_read").asInt()).isEqualTo(12);
		assertThat(first.json().get("analysed").asInt()).isEqualTo(12);
		JsonNode sentiments = first.json().get("sentiments");
		int labelled = 0;
		for (String label : List.of("正面", "负面", "中性")) {
			labelled += sentiments.has(label) ? sentiments.get(label).asInt() : 0;
		}
		assertThat(labelled).as("sentiment counts add up to the rows analysed").isEqualTo(12);
		assertThat(first.stderr()).contains("12 analysed (").contains(", 0 rejected, ").contains(" → ");
		long firstId = first.json().get("job_execution_id").asLong();
		assertThat(Faults.count(db, "SELECT COUNT(*) FROM qb_result WHERE stop_reason = 'length'"))
			.as("2-token summaries are cut at the limit, and say so")
			.isPositive();
		assertThat(Faults.count(db, "SELECT COUNT(*) FROM qb_result WHERE stop_reason IS NULL")).isZero();
		Path firstReport = Path.of(first.json().get("report").asString());
		assertThat(firstReport.getFileName().toString()).endsWith("-e" + firstId + ".xlsx");

		ModelCommandTest.Run second = ModelCommandTest.run("run", "--input", csv.toString(), "--db", db, "--model",
				model, "--task", "summary", "--max-new-tokens", "2", "--report-dir", reports.toString());
		assertThat(second.exitCode()).as(second.stderr()).isZero();
		assertThat(second.json().get("rows_read").asInt()).isEqualTo(30);
		assertThat(second.json().get("unchanged").asInt()).isEqualTo(12);
		assertThat(second.json().get("analysed").asInt()).isEqualTo(18);
		assertThat(Path.of(second.json().get("report").asString())).isNotEqualTo(firstReport).exists();
		assertThat(firstReport).exists();

		ModelCommandTest.Run runs = ModelCommandTest.run("runs", "--db", db, "--json");
		assertThat(runs.exitCode()).as(runs.stderr()).isZero();
		JsonNode listed = runs.json().get("runs");
		assertThat(listed).hasSize(2);
		assertThat(listed.get(0).get("id").asLong()).as("newest first")
			.isEqualTo(second.json().get("job_execution_id").asLong());
		assertThat(listed.get(0).get("analysed").asInt()).isEqualTo(18);
		assertThat(listed.get(0).get("unchanged").asInt()).isEqualTo(12);
		assertThat(listed.get(1).get("rows_read").asInt()).isEqualTo(12);
		assertThat(listed.get(1).get("source").asString()).isEqualTo("history.csv");
		assertThat(listed.get(1).get("task").asString()).isEqualTo("summary");
		assertThat(listed.get(1).get("exit_code").asInt()).isZero();
		ModelCommandTest.Run table = ModelCommandTest.run("runs", "--db", db);
		assertThat(table.stdout()).contains("history.csv").contains("COMPLETED");

		ModelCommandTest.Run show = ModelCommandTest.run("runs", "show", String.valueOf(firstId), "--db", db);
		assertThat(show.exitCode()).as(show.stderr()).isZero();
		assertThat(show.stdout()).contains("step analyzeComments").contains("step buildReport");
		assertThat(show.json().get("steps").get(0).get("read").asInt()).isEqualTo(12);
		assertThat(show.json().get("settings").get("limits").get("limit").asInt()).isEqualTo(12);
		assertThat(ModelCommandTest.run("runs", "show", "999", "--db", db).exitCode())
			.isEqualTo(ExitCodes.BAD_ARGUMENTS);

		ModelCommandTest.Run report1 = ModelCommandTest.run("report", "--db", db);
		ModelCommandTest.Run report2 = ModelCommandTest.run("report", "--db", db);
		assertThat(report1.exitCode()).as(report1.stderr()).isZero();
		assertThat(report2.json().get("out").asString()).isNotEqualTo(report1.json().get("out").asString());
		Files.deleteIfExists(Path.of(report1.json().get("out").asString()));
		Files.deleteIfExists(Path.of(report2.json().get("out").asString()));
	}

	@Test
	void anUnreachableDatabaseIsOneLineAndAJsonLine() {
		ModelCommandTest.Run run = ModelCommandTest.run("run", "--input", "sample-data/comments.csv", "--model",
				TestModels.tiny(Architecture.QWEN2).toString(), "--db", "jdbc:postgresql://127.0.0.1:5439/test");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
		assertThat(run.stderr())
			.isEqualTo("error: cannot connect to the results database at 127.0.0.1:5439/test: Connection refused\n");
		assertThat(run.json().get("status").asString()).isEqualTo("FAILED");
		assertThat(run.json().get("error").asString()).startsWith("cannot connect to the results database");
	}

	@Test
	void badArgumentsAreRejectedBeforeAnythingStarts() {
		ModelCommandTest.Run noSource = ModelCommandTest.run("run", "--model", "demo");
		assertThat(noSource.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(noSource.stderr()).contains("--input");
		ModelCommandTest.Run badTask = ModelCommandTest.run("run", "--input", "sample-data/comments.csv", "--task",
				"poem");
		assertThat(badTask.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(badTask.stderr()).contains("poem").contains("available");
		ModelCommandTest.Run noModel = ModelCommandTest.run("run", "--input", "sample-data/comments.csv", "--model",
				this.tmp.resolve("none").toString());
		assertThat(noModel.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
	}

}
