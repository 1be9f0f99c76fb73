package com.qwenbatch.cli;

import java.util.ArrayList;
import java.util.List;

import com.qwenbatch.cli.ModelCommandTest.Run;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fixed {@code bench} contract other tools read: its flags and the JSON on the last
 * stdout line.
 */
class BenchCommandTest {

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
