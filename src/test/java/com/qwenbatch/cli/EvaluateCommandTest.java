package com.qwenbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * evaluate end to end on a tiny random model: accuracy is meaningless, the numbers must
 * add up.
 */
class EvaluateCommandTest {

	@TempDir
	Path tmp;

	private Path gold(String... extraRows) throws IOException {
		StringBuilder csv = new StringBuilder("id,text,label\n");
		String[] labels = { "正面", "负面", "中性", "positive", "差评" };
		for (int i = 0; i < 25; i++) {
			csv.append("g")
				.append(i)
				.append(",评论 ")
				.append(i)
				.append(i % 2 == 0 ? " 很好" : " 很差")
				.append(',')
				.append(labels[i % labels.length])
				.append('\n');
		}
		for (String row : extraRows) {
			csv.append(row).append('\n');
		}
		Path file = this.tmp.resolve("gold-" + extraRows.length + ".csv");
		Files.writeString(file, csv);
		return file;
	}

	@Test
	void metricsAddUpAndTheWorkbookHasTheMisses() throws IOException {
		Path out = this.tmp.resolve("eval.xlsx");
		ModelCommandTest.Run run = ModelCommandTest.run("evaluate", "--gold", gold().toString(), "--model",
				TestModels.tiny(Architecture.QWEN2).toString(), "--out", out.toString(), "--batch-size", "8");
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		JsonNode e = run.json().get("evaluations").get(0);
		assertThat(e.get("rows").asInt()).isEqualTo(25);
		long total = 0;
		long correct = 0;
		for (int g = 0; g < 3; g++) {
			for (int p = 0; p < 3; p++) {
				long n = e.get("confusion").get(g).get(p).asLong();
				total += n;
				correct += g == p ? n : 0;
			}
		}
		assertThat(total).isEqualTo(25);
		assertThat(e.get("accuracy").asDouble()).isCloseTo((double) correct / 25, within(1e-12));
		// gold labels by alias: positive -> 正面, 差评 -> 负面: 正面 rows are i % 5 in {0, 3}
		long goldPositive = 0;
		for (int p = 0; p < 3; p++) {
			goldPositive += e.get("confusion").get(0).get(p).asLong();
		}
		assertThat(goldPositive).isEqualTo(10);
		try (InputStream in = Files.newInputStream(out); XSSFWorkbook book = new XSSFWorkbook(in)) {
			assertThat(book.getSheet("Misclassified").getLastRowNum()).isEqualTo(25 - (int) correct);
			assertThat(book.getSheet("Metrics")).isNotNull();
		}
	}

	@Test
	void aGoldLabelOutsideTheTaskIsAnErrorNamingTheRow() throws IOException {
		ModelCommandTest.Run run = ModelCommandTest.run("evaluate", "--gold", gold("bad1,还行,超级好评").toString(),
				"--model", TestModels.tiny(Architecture.QWEN2).toString());
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(run.stderr()).contains("line 27").contains("超级好评").contains("正面");
	}

	@Test
	void compareShowsTheDifferencePerClass() throws IOException {
		Path other = this.tmp.resolve("prompts-b");
		Files.createDirectories(other);
		for (String f : new String[] { "sentiment.yaml", "reply.yaml" }) {
			Files.copy(Path.of("prompts", f), other.resolve(f));
		}
		Files.writeString(other.resolve("sentiment.yaml"),
				Files.readString(other.resolve("sentiment.yaml")).replace("冷酷的情感分析师", "严格的情感分析师"));
		ModelCommandTest.Run run = ModelCommandTest.run("evaluate", "--gold", gold().toString(), "--model",
				TestModels.tiny(Architecture.QWEN2).toString(), "--compare", "prompts", other.toString());
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		JsonNode json = run.json();
		assertThat(json.get("evaluations")).hasSize(2);
		double a = json.get("evaluations").get(0).get("accuracy").asDouble();
		double b = json.get("evaluations").get(1).get("accuracy").asDouble();
		assertThat(json.get("difference_b_minus_a").get("accuracy").asDouble()).isCloseTo(b - a, within(1e-12));
		assertThat(json.get("difference_b_minus_a").get("per_class").has("中性")).isTrue();
		assertThat(json.get("evaluations").get(0).get("prompt_version").asString())
			.isNotEqualTo(json.get("evaluations").get(1).get("prompt_version").asString());
	}

}
