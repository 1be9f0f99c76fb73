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
		assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.TOO_MANY_REJECTED); // 1 of 4 rejected
		assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(run.json().get("analysed").asInt()).isEqualTo(3);
		assertThat(this.tmp.resolve("results.mv.db")).exists();
		assertThat(Path.of(run.json().get("report").asString())).exists().startsWith(this.tmp.resolve("reports"));

		Path jsonl = this.tmp.resolve("out.jsonl");
		ModelCommandTest.Run export = ModelCommandTest.run("export", "--db", db, "--format", "jsonl", "--out", jsonl.toString());
		assertThat(export.exitCode()).isZero();
		List<String> lines = Files.readAllLines(jsonl);
		assertThat(lines).hasSize(3);
		JsonNode first = JsonMapper.builder().build().readTree(lines.get(0));
		for (String field : List.of("id", "sentiment", "confidence", "reply", "summary")) {
			assertThat(first.has(field)).as(field).isTrue();
		}
		Path rejected = this.tmp.resolve("rejected.csv");
		assertThat(ModelCommandTest.run("export", "--db", db, "--format", "csv", "--out", rejected.toString(), "--rejected")
			.exitCode()).isZero();
		assertThat(Files.readAllLines(rejected)).hasSize(2).last().asString().contains("empty text");

		ModelCommandTest.Run report = ModelCommandTest.run("report", "--db", db, "--out", this.tmp.resolve("r.xlsx").toString());
		assertThat(report.exitCode()).isZero();
		assertThat(report.json().get("rows").asInt()).isEqualTo(3);
	}

	@Test
	void badArgumentsAreRejectedBeforeAnythingStarts() {
		ModelCommandTest.Run noSource = ModelCommandTest.run("run", "--model", "demo");
		assertThat(noSource.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(noSource.stderr()).contains("--input");
		ModelCommandTest.Run badTask = ModelCommandTest.run("run", "--input", "sample-data/comments.csv", "--task", "poem");
		assertThat(badTask.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(badTask.stderr()).contains("poem").contains("available");
		ModelCommandTest.Run noModel = ModelCommandTest.run("run", "--input", "sample-data/comments.csv", "--model",
				this.tmp.resolve("none").toString());
		assertThat(noModel.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
	}

}
