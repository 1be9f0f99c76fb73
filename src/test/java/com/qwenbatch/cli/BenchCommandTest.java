package com.qwenbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.qwenbatch.cli.ModelCommandTest.Run;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fixed {@code bench} contract other tools read: its flags and the JSON on the last
 * stdout line.
 */
class BenchCommandTest {

	@TempDir
	Path tmp;

	/**
	 * Outside the project folder, the sample comments and gold file come from the jar.
	 */
	@Test
	void benchAndEvaluateWorkFromAnyFolder() throws Exception {
		String model = TestModels.tiny(Architecture.QWEN2).toAbsolutePath().toString();
		Path folder = Files.createDirectories(this.tmp.resolve("elsewhere"));
		assertThat(folder.resolve("sample-data")).doesNotExist();
		Path benchLog = this.tmp.resolve("bench.log");
		Process bench = Faults.startIn(folder,
				List.of("bench", "--model", model, "--rows", "2", "--task", "none", "--batch-size", "2"), benchLog);
		assertThat(bench.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(bench.exitValue()).as(Files.readString(benchLog)).isZero();
		assertThat(Faults.lastLine(benchLog)).startsWith("{\"rows\":2,");
		Path evaluateLog = this.tmp.resolve("evaluate.log");
		Process evaluate = Faults.startIn(folder, List.of("evaluate", "--model", model), evaluateLog);
		assertThat(evaluate.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(evaluate.exitValue()).as(Files.readString(evaluateLog)).isZero();
		assertThat(Files.readString(evaluateLog)).contains("301 rows");
		try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			assertThat(left.filter((p) -> p.getFileName().toString().matches("qwen-batch-.*-(comments|gold)\\.csv")))
				.as("the bundled copies are removed when the command ends")
				.isEmpty();
		}
	}

	@Test
	void benchComparesBothPathsAndPrintsTheFixedJsonLast() {
		Run run = ModelCommandTest.run("bench", "--model", TestModels.tiny(Architecture.QWEN2).toString(), "--rows",
				"3", "--task", "summary", "--reply-tokens", "4", "--batch-size", "2");
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(run.stderr()).contains("baseline (one comment at a time)")
			.contains("job path: 3/3")
			.contains("sentiment only");
		JsonNode json = run.json();
		List<String> fields = new ArrayList<>();
		json.propertyNames().forEach(fields::add);
		assertThat(fields).containsExactly("rows", "baseline_rows_per_s", "rows_per_s", "speedup",
				"sentiment_rows_per_s", "prefill_tokens_per_s", "decode_tokens_per_s", "prefill_gflops", "gemm_gflops",
				"peak_rss_mb");
		assertThat(json.get("rows").asInt()).isEqualTo(3);
		for (String field : fields) {
			assertThat(json.get(field).asDouble()).as(field).isPositive();
		}
		double ratio = json.get("rows_per_s").asDouble() / json.get("baseline_rows_per_s").asDouble();
		assertThat(json.get("speedup").asDouble()).isCloseTo(ratio, within(0.05 * ratio + 0.02));
	}

}
