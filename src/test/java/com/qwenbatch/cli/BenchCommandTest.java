package com.qwenbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.qwenbatch.cli.ModelCommandTest.Run;
import com.qwenbatch.analysis.AnalysisPlan;
import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.bench.ExactLengths;
import com.qwenbatch.bench.ReplyShare;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.prompt.TaskCatalog;
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
				"3", "--task", "summary", "--reply-tokens", "4", "--batch-size", "3", "--decode-slots", "2",
				"--precision", "f32");
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		assertThat(run.stderr()).contains("baseline (one comment at a time, f32, 3 rows)")
			.contains("job path: 3/3")
			.contains("sentiment only")
			.contains("precision f32 (--precision f32)")
			.contains("batch 3, 2 decode slots")
			.contains("9 tokens decoded"); // the first of each row's 4 comes from the
											// prefill
		JsonNode json = run.json();
		List<String> fields = new ArrayList<>();
		json.propertyNames().forEach(fields::add);
		assertThat(fields).containsExactly("rows", "baseline_rows_per_s", "rows_per_s", "speedup",
				"sentiment_rows_per_s", "prefill_tokens_per_s", "decode_tokens_per_s", "prefill_gflops", "gemm_gflops",
				"peak_rss_mb", "precision", "label_agreement", "reply_share", "night_comments", "batch_size",
				"decode_slots");
		assertThat(json.get("rows").asInt()).isEqualTo(3);
		assertThat(json.get("batch_size").asInt()).isEqualTo(3);
		assertThat(json.get("decode_slots").asInt()).isEqualTo(2);
		for (String field : fields.subList(0, 10)) {
			assertThat(json.get(field).asDouble()).as(field).isPositive();
		}
		assertThat(json.get("precision").asString()).isEqualTo("f32");
		assertThat(json.get("label_agreement").asDouble()).isEqualTo(1.0);
		double ratio = json.get("rows_per_s").asDouble() / json.get("baseline_rows_per_s").asDouble();
		assertThat(json.get("speedup").asDouble()).isCloseTo(ratio, within(0.05 * ratio + 0.02));
	}

	/**
	 * BF16 on the job path, its labels compared with an F32 engine's; reply lengths drawn
	 * per row from [2, 9].
	 */
	@Test
	void bf16BenchReportsItsAgreementWithF32AndDrawsReplyLengths() throws Exception {
		int rows = 6;
		Run run = ModelCommandTest.run("bench", "--model", TestModels.tiny(Architecture.QWEN2).toString(), "--rows",
				String.valueOf(rows), "--task", "reply", "--reply-tokens", "9", "--reply-tokens-min", "2",
				"--batch-size", "3", "--precision", "bf16");
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		JsonNode json = run.json();
		assertThat(json.get("precision").asString()).isEqualTo("bf16");
		assertThat(run.stderr()).contains("label agreement with f32: ");
		double agreement = json.get("label_agreement").asDouble();
		assertThat(agreement * rows).as("a share of %d rows", rows)
			.isCloseTo(Math.rint(agreement * rows), within(0.05));
		ExactLengths lengths = new ExactLengths(2, 9);
		int expected = 0;
		List<Comment> comments;
		try (SampleData input = SampleData.open(null, SampleData.COMMENTS)) {
			comments = BenchCommand.comments(input.path(), rows);
		}
		for (Comment c : comments) {
			expected += lengths.forRow(c.id());
		}
		assertThat(agreement).as("the share of equal labels, counted here from both precisions")
			.isCloseTo(sharedLabels(comments, 3), within(1e-3));
		assertThat(run.stderr()).contains("2-9 reply tokens").contains((expected - rows) + " tokens decoded");
	}

	/** The share of rows whose sentiment is the same in f32 and bf16, in batches. */
	private static double sharedLabels(List<Comment> comments, int batchSize) {
		List<List<String>> labels = new ArrayList<>();
		for (Precision precision : List.of(Precision.F32, Precision.BF16)) {
			try (QwenEngine engine = QwenEngine.open(TestModels.tiny(Architecture.QWEN2).toString(), precision)) {
				CommentAnalyzer analyzer = new CommentAnalyzer(engine,
						AnalysisPlan.of(TaskCatalog.load(Path.of("prompts")), "none", "auto", 0));
				List<String> these = new ArrayList<>();
				for (int i = 0; i < comments.size(); i += batchSize) {
					analyzer.analyze(comments.subList(i, Math.min(comments.size(), i + batchSize)))
						.forEach((a) -> these.add(a.sentiment()));
				}
				labels.add(these);
			}
		}
		long same = java.util.stream.IntStream.range(0, comments.size())
			.filter((i) -> labels.get(0).get(i).equals(labels.get(1).get(i)))
			.count();
		return (double) same / comments.size();
	}

	/**
	 * A share of the rows, chosen by id, gets the reply; the night's figure is the job
	 * path's rate over 8 hours.
	 */
	@Test
	void aReplyShareRepliesToThoseRowsOnlyAndSaysWhatANightHolds() throws Exception {
		int rows = 8;
		Run run = ModelCommandTest.run("bench", "--model", TestModels.tiny(Architecture.QWEN2).toString(), "--rows",
				String.valueOf(rows), "--task", "reply", "--reply-tokens", "6", "--batch-size", "4", "--precision",
				"f32", "--reply-share", "0.5", "--baseline-rows", "0");
		assertThat(run.exitCode()).as(run.stderr()).isZero();
		List<Comment> comments;
		try (SampleData input = SampleData.open(null, SampleData.COMMENTS)) {
			comments = BenchCommand.comments(input.path(), rows);
		}
		ReplyShare share = new ReplyShare(0.5);
		long replied = comments.stream().filter((c) -> share.wants(c, "any")).count();
		assertThat(replied).as("the seeded choice takes some rows and leaves some").isBetween(1L, rows - 1L);
		JsonNode json = run.json();
		assertThat(json.get("reply_share").asDouble()).isCloseTo((double) replied / rows, within(0.005));
		// every chosen row decodes its 6 tokens after the first, the others none
		assertThat(run.stderr()).contains((replied * 5) + " tokens decoded");
		assertThat(json.has("speedup")).as("no baseline, no speedup").isFalse();
		assertThat(json.has("baseline_rows_per_s")).isFalse();
		assertThat(run.stderr()).doesNotContain("one comment at a time");
		double rowsPerSecond = json.get("rows_per_s").asDouble();
		assertThat(json.get("night_comments").asDouble()).isCloseTo(rowsPerSecond * 8 * 3600, within(8 * 3600 * 0.006));
	}

	@Test
	void anUnknownPrecisionIsRefused() {
		Run run = ModelCommandTest.run("bench", "--model", "demo", "--precision", "fp8");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(run.stderr()).contains("--precision fp8: use auto, f32 or bf16");
	}

}
