package com.qwenbatch.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.qwenbatch.QwenBatchApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * analyze: one comment or a stream of them, through the job's own path, nothing stored.
 */
class AnalyzeCommandTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path tmp;

	@Test
	void givesTheSameLabelsAndConfidencesAsARunOverTheSameTexts() throws Exception {
		Path csv = Faults.comments(this.tmp, "same", 20);
		String db = "jdbc:h2:file:" + this.tmp.resolve("db").toAbsolutePath();
		// F32 on both sides: the numbers are compared to 1e-4, which BF16 rounding
		// exceeds
		ModelCommandTest.Run run = Faults
			.run(Faults.runArgs(csv, db, "--batch-size", "8", "--precision", "f32", "--labels", "topic"));
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		Map<String, double[]> fromRun = new TreeMap<>();
		Map<String, String> labelsFromRun = new TreeMap<>();
		try (var c = Faults.connect(db);
				var st = c.createStatement();
				var rs = st.executeQuery("SELECT id, sentiment, confidence, model_precision FROM qb_result")) {
			while (rs.next()) {
				assertThat(rs.getString(4)).as("the precision is stored with each row").isEqualTo("f32");
				labelsFromRun.put(rs.getString(1), rs.getString(2));
				fromRun.put(rs.getString(1), new double[] { rs.getDouble(3) });
			}
		}
		Map<String, String> topicsFromRun = new TreeMap<>();
		Map<String, Double> topicConfidences = new TreeMap<>();
		try (var c = Faults.connect(db);
				var st = c.createStatement();
				var rs = st.executeQuery("SELECT id, label, confidence FROM qb_result_label WHERE task = 'topic'")) {
			while (rs.next()) {
				topicsFromRun.put(rs.getString(1), rs.getString(2));
				topicConfidences.put(rs.getString(1), rs.getDouble(3));
			}
		}
		assertThat(topicsFromRun).hasSize(20);
		StringBuilder jsonl = new StringBuilder();
		for (String line : Files.readAllLines(csv).subList(1, 21)) {
			String[] fields = line.split(",", 2);
			jsonl.append(JSON.writeValueAsString(Map.of("id", fields[0], "text", fields[1]))).append('\n');
		}
		List<JsonNode> lines = analyze(jsonl.toString(), "--jsonl", "--task", "none", "--batch-size", "8",
				"--precision", "f32", "--labels", "topic");
		assertThat(lines).hasSize(20);
		for (JsonNode line : lines) {
			String id = line.get("id").asString();
			assertThat(line.get("sentiment").asString()).as(id).isEqualTo(labelsFromRun.get(id));
			assertThat(line.get("confidence").asDouble()).as(id).isCloseTo(fromRun.get(id)[0], within(1e-4));
			JsonNode topic = line.get("labels").get("topic");
			assertThat(topic.get("label").asString()).as(id + ": the same topic as the run")
				.isEqualTo(topicsFromRun.get(id));
			assertThat(topic.get("confidence").asDouble()).as(id).isCloseTo(topicConfidences.get(id), within(1e-4));
			double sum = 0;
			for (JsonNode p : line.get("probabilities")) {
				sum += p.asDouble();
			}
			assertThat(sum).isCloseTo(1.0, within(1e-6));
		}
		assertThat(lines.stream().map((l) -> l.get("id").asString()).toList()).as("input order")
			.isEqualTo(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
					"16", "17", "18", "19"));
	}

	@Test
	void aBadLineGetsAnErrorLineAndTheStreamGoesOn() throws Exception {
		List<JsonNode> lines = analyze("物流很快\n\n包装破损\n", "--task", "summary", "--max-new-tokens", "2");
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0).get("text").asString()).isEqualTo("物流很快");
		assertThat(lines.get(0).get("stop_reason").asString()).isIn("length", "eos");
		assertThat(lines.get(0).get("tokens_out").asInt()).isPositive();
		assertThat(lines.get(1).get("line").asInt()).isEqualTo(2);
		assertThat(lines.get(1).get("error").asString()).isEqualTo("empty text");
		assertThat(lines.get(2).get("text").asString()).isEqualTo("包装破损");

		List<JsonNode> json = analyze("{\"id\":\"x\",\"text\":\"好\"}\n[1,2]\n{\"id\":3}\n", "--jsonl", "--task",
				"none");
		assertThat(json.get(0).get("id").asString()).isEqualTo("x");
		assertThat(json.get(1).get("error").asString()).isEqualTo("not a JSON object");
		assertThat(json.get(2).get("error").asString()).contains("\"text\"");
	}

	@Test
	void oneTextPrintsTheLabelEveryProbabilityAndTheOutputThenJson() {
		ModelCommandTest.Run run = ModelCommandTest.run("analyze", "--text", "这个产品太差劲了，完全不推荐！", "--model",
				Faults.model(), "--task", "reply", "--max-new-tokens", "3");
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(run.stdout()).contains("sentiment: ")
			.contains("正面 ")
			.contains("负面 ")
			.contains("中性 ")
			.contains("reply: ");
		JsonNode json = run.json();
		List<String> keys = new ArrayList<>();
		json.propertyNames().forEach(keys::add);
		assertThat(keys).containsExactly("text", "sentiment", "confidence", "probabilities", "output", "stop_reason",
				"prompt_version", "tokens_in", "tokens_out", "ms");
		assertThat(json.get("probabilities").get(json.get("sentiment").asString()).asDouble())
			.isEqualTo(json.get("confidence").asDouble());
	}

	private static List<JsonNode> analyze(String stdin, String... options) {
		List<String> args = new ArrayList<>(List.of("analyze", "--model", Faults.model()));
		args.addAll(List.of(options));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new CommandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
				QwenBatchApplication.class)
			.execute(args);
		assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
		return out.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
	}

}
