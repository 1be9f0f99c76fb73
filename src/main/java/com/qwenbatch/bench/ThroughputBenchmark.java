package com.qwenbatch.bench;

import java.io.PrintStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.function.Supplier;

import com.qwenbatch.analysis.AnalysisPlan;
import com.qwenbatch.analysis.FollowUpRule;
import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.analysis.TaskRunner;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.CpuDescription;
import com.qwenbatch.llm.Diagnostics;
import com.qwenbatch.llm.GemmProbe;
import com.qwenbatch.llm.GenerationOptions;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.prompt.RenderedPrompt;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * Runs, over the same comments: (a) the job's own inference path
 * ({@link CommentAnalyzer}, batched, label-scored, shared prefixes) in the engine's
 * precision, with replies and sentiment only; (b) the one-at-a-time method in F32 — one
 * comment at a time, sentiment by free greedy generation of up to 4 tokens over the full
 * prompt, then the reply at batch 1, no prefix reuse. Replies have exact per-row lengths
 * ({@link ExactLengths}), the same in both, so random weights do not end early. When the
 * engine is not F32, the sentiment labels are compared with an F32 engine's
 * ({@code label_agreement}); that engine is loaded after the job path, so
 * {@code peak_rss_mb} is the job path's own.
 */
public final class ThroughputBenchmark {

	private final QwenEngine engine;

	private final Supplier<QwenEngine> f32Engine;

	private final TaskCatalog catalog;

	private final PrintStream log;

	public ThroughputBenchmark(QwenEngine engine, Supplier<QwenEngine> f32Engine, TaskCatalog catalog,
			PrintStream log) {
		this.engine = engine;
		this.f32Engine = f32Engine;
		this.catalog = catalog;
		this.log = log;
	}

	/**
	 * {@code followUpWhen}: the rows that get the follow-up
	 * ({@link FollowUpRule#EVERY_ROW}, a {@code --task-when} rule, or a
	 * {@code --reply-share}), on both paths.
	 */
	public Map<String, Object> run(List<Comment> comments, String task, ExactLengths replyLengths, int batchSize,
			FollowUpRule followUpWhen, int baselineRows) {
		Optional<TaskDefinition> followUp = task.equals("none") ? Optional.empty()
				: Optional.of(this.catalog.get(task));
		this.log.printf("bench: %d rows, task %s, %s reply tokens, batch %d, %d decode slots, precision %s (%s)%n",
				comments.size(), task,
				replyLengths.min() == replyLengths.max() ? replyLengths.max()
						: replyLengths.min() + "-" + replyLengths.max(),
				batchSize, this.engine.decodeSlots(), this.engine.precision().label(),
				this.engine.precision().reason());
		this.log.printf("cpu: %s%n", CpuDescription.text());

		double gemm = GemmProbe.gflops(this.engine);
		this.log.printf("gemm: %.1f GFLOP/s (F32 [512x1024]x[1024x2816])%n", gemm);

		warmUp(comments, followUp);
		this.engine.diagnostics().resetCounters();
		AnalysisPlan plan = new AnalysisPlan(this.catalog.sentiment(), followUp, "auto", 0)
			.withFollowUpWhen(followUpWhen);
		List<String> labels = new ArrayList<>();
		CommentAnalyzer jobPath = new CommentAnalyzer(new ExactLengthModel(this.engine, replyLengths), plan);
		double jobSeconds = timed(() -> labels.addAll(inBatches(jobPath, comments, batchSize)));
		Diagnostics.Counters counters = this.engine.diagnostics().counters();
		double prefillTokensPerS = counters.prefillTokens() / Math.max(1e-9, counters.prefillSeconds());
		double decodeTokensPerS = counters.decodeTokens() / Math.max(1e-9, counters.decodeSeconds());
		this.log.printf("job path: %.2f rows/s (prefill %.0f tok/s, decode %.1f tok/s, %d tokens decoded)%n",
				comments.size() / jobSeconds, prefillTokensPerS, decodeTokensPerS, counters.decodeTokens());
		if (counters.steps() > 0) {
			double steps = counters.steps();
			this.log.printf(
					"per sampling step (%d): forward %.1f ms, logits read back %.2f ms, sampling %.2f ms (all rows)%n",
					counters.steps(), counters.decodeSeconds() * 1000 / steps,
					counters.readbackSeconds() * 1000 / steps, counters.samplingSeconds() * 1000 / steps);
		}

		AnalysisPlan sentimentOnly = sentimentOnly();
		List<Comment> fresh = comments.stream()
			.map((c) -> new Comment(c.source(), c.id() + "-s", c.text() + " ", c.createdAt(), c.channel(), c.line()))
			.toList();
		double sentimentSeconds = timed(
				() -> inBatches(new CommentAnalyzer(this.engine, sentimentOnly), fresh, batchSize));
		this.log.printf("sentiment only: %.2f rows/s%n", comments.size() / sentimentSeconds);
		long peakRss = peakRssMb();
		long flopsPerToken = 2 * this.engine.diagnostics().nonEmbeddingParameters();

		double agreement;
		double baselineSeconds;
		int baselineCount = Math.min(baselineRows, comments.size());
		List<Comment> baselineComments = comments.subList(0, baselineCount);
		if (this.engine.precision().chosen() == Precision.F32) {
			agreement = 1.0; // the job path's labels are the F32 labels
			baselineSeconds = timed(
					() -> baseline(this.engine, baselineComments, labels, followUp, followUpWhen, replyLengths));
		}
		else {
			try (QwenEngine f32 = this.f32Engine.get()) {
				List<String> reference = inBatches(new CommentAnalyzer(f32, sentimentOnly), comments, batchSize);
				agreement = agreement(labels, reference);
				this.log.printf("label agreement with f32: %.3f%n", agreement);
				baselineSeconds = timed(
						() -> baseline(f32, baselineComments, labels, followUp, followUpWhen, replyLengths));
			}
		}
		double baselineRate = baselineCount / Math.max(1e-9, baselineSeconds);
		double jobRate = comments.size() / jobSeconds;
		if (baselineCount > 0) {
			this.log.printf("baseline (one comment at a time, f32, %d rows): %.2f rows/s%n", baselineCount,
					baselineRate);
		}

		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rows", comments.size());
		if (baselineCount > 0) {
			json.put("baseline_rows_per_s", round(baselineRate));
		}
		json.put("rows_per_s", round(jobRate));
		if (baselineCount > 0) {
			json.put("speedup", round(jobRate / baselineRate));
		}
		json.put("sentiment_rows_per_s", round(comments.size() / sentimentSeconds));
		json.put("prefill_tokens_per_s", round(prefillTokensPerS));
		json.put("decode_tokens_per_s", round(decodeTokensPerS));
		json.put("prefill_gflops", round(prefillTokensPerS * flopsPerToken / 1e9));
		json.put("gemm_gflops", round(gemm));
		json.put("peak_rss_mb", peakRss);
		json.put("precision", this.engine.precision().label());
		json.put("label_agreement", round(agreement));
		long followedUp = followUp.isEmpty() ? 0
				: IntStream.range(0, comments.size())
					.filter((i) -> followUpWhen.wants(comments.get(i), labels.get(i)))
					.count();
		json.put("reply_share", round((double) followedUp / comments.size()));
		json.put("night_comments", Math.round(comments.size() / jobSeconds * NIGHT_SECONDS));
		json.put("batch_size", batchSize);
		json.put("decode_slots", this.engine.decodeSlots());
		return json;
	}

	/** What "a night" is for {@code night_comments}: 8 hours. */
	private static final double NIGHT_SECONDS = 8 * 3600;

	private static final int WARM_UP_ROWS = 4;

	/**
	 * Runs a few other rows through the job path first, each with a 2-token follow-up:
	 * what a run pays once (its prompts' shared prefixes computed and cached, libtorch's
	 * first calls) then stays out of the rates, which stand for a whole night. On 32 rows
	 * it was 2-3 s of the job path's time.
	 */
	private void warmUp(List<Comment> comments, Optional<TaskDefinition> followUp) {
		List<Comment> rows = comments.stream()
			.limit(WARM_UP_ROWS)
			.map((c) -> new Comment(c.source(), c.id() + "-w", c.text() + "  ", c.createdAt(), c.channel(), c.line()))
			.toList();
		AnalysisPlan plan = new AnalysisPlan(this.catalog.sentiment(), followUp, "auto", 0);
		double seconds = timed(
				() -> new CommentAnalyzer(new ExactLengthModel(this.engine, new ExactLengths(2, 2)), plan)
					.analyze(rows));
		this.log.printf("warm-up: %d other rows in %.1f s (paid once a run, not counted)%n", rows.size(), seconds);
	}

	private AnalysisPlan sentimentOnly() {
		return new AnalysisPlan(this.catalog.sentiment(), Optional.empty(), "auto", 0);
	}

	/** The share of rows whose labels are equal. */
	static double agreement(List<String> labels, List<String> reference) {
		int same = 0;
		for (int i = 0; i < labels.size(); i++) {
			if (labels.get(i).equals(reference.get(i))) {
				same++;
			}
		}
		return (double) same / labels.size();
	}

	/**
	 * The method the product started from: row by row, full prompts, the label by free
	 * generation of up to 4 tokens, then the reply at batch 1, nothing shared between
	 * rows.
	 */
	private void baseline(QwenEngine model, List<Comment> comments, List<String> labels,
			Optional<TaskDefinition> followUp, FollowUpRule followUpWhen, ExactLengths replyLengths) {
		TaskDefinition sentiment = this.catalog.sentiment();
		int done = 0;
		for (int i = 0; i < comments.size(); i++) {
			Comment c = comments.get(i);
			generateOne(model, sentiment, c, GenerationOptions.greedy(4));
			if (followUpWhen.wants(c, labels.get(i))) {
				followUp.ifPresent((task) -> generateOne(model, task, c,
						TaskRunner.settingsFor(task, replyLengths.forRow(c.id()), true)));
			}
			if (++done % 4 == 0) {
				this.log.printf("baseline: %d/%d%n", done, comments.size());
			}
		}
	}

	private void generateOne(QwenEngine model, TaskDefinition task, Comment c, GenerationOptions options) {
		RenderedPrompt p = task.render(c.text(), task.languageFor(c.text(), "auto"));
		Diagnostics.ChatIds chat = model.diagnostics().chat(p.system(), p.user());
		// sharedPrefixLength 0: nothing is reused between rows
		model.diagnostics().generate(chat.ids(), 0, options, c.id().hashCode());
	}

	/** The rows' sentiment labels. */
	private List<String> inBatches(CommentAnalyzer analyzer, List<Comment> comments, int batchSize) {
		List<String> labels = new ArrayList<>();
		for (int i = 0; i < comments.size(); i += batchSize) {
			analyzer.analyze(comments.subList(i, Math.min(comments.size(), i + batchSize)))
				.forEach((a) -> labels.add(a.sentiment()));
			this.log.printf("job path: %d/%d%n", Math.min(comments.size(), i + batchSize), comments.size());
		}
		return labels;
	}

	private static double timed(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return (System.nanoTime() - start) / 1e9;
	}

	static long peakRssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
		return -1;
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
