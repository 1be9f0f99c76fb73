package com.qwenbatch.bench;

import java.io.PrintStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.qwenbatch.analysis.AnalysisPlan;
import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.analysis.TaskRunner;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.Diagnostics;
import com.qwenbatch.llm.GemmProbe;
import com.qwenbatch.llm.GenerationOptions;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.prompt.RenderedPrompt;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * Runs, in one process and over the same comments: (a) the one-at-a-time method on our
 * engine — one comment at a time, sentiment by free greedy generation of up to 4 tokens
 * over the full prompt, then the reply at batch 1, no prefix reuse; (b) the job's own
 * inference path ({@link CommentAnalyzer}, batched, label-scored, shared prefixes).
 * Replies are exactly {@code replyTokens} long in both (EOS ignored), so random weights
 * do not end early.
 */
public final class ThroughputBenchmark {

	private final QwenEngine engine;

	private final TaskCatalog catalog;

	private final PrintStream log;

	public ThroughputBenchmark(QwenEngine engine, TaskCatalog catalog, PrintStream log) {
		this.engine = engine;
		this.catalog = catalog;
		this.log = log;
	}

	public Map<String, Object> run(List<Comment> comments, String task, int replyTokens, int batchSize) {
		Optional<TaskDefinition> followUp = task.equals("none") ? Optional.empty()
				: Optional.of(this.catalog.get(task));
		this.log.printf("bench: %d rows, task %s, %d reply tokens, batch %d%n", comments.size(), task, replyTokens,
				batchSize);

		double gemm = GemmProbe.gflops(this.engine);
		this.log.printf("gemm: %.1f GFLOP/s (F32 [512x1024]x[1024x2816])%n", gemm);

		double baselineSeconds = timed(() -> baseline(comments, followUp, replyTokens));
		this.log.printf("baseline (one comment at a time): %.2f rows/s%n", comments.size() / baselineSeconds);

		this.engine.resetCounters();
		AnalysisPlan plan = new AnalysisPlan(this.catalog.sentiment(), followUp, "auto", replyTokens, true);
		double jobSeconds = timed(() -> inBatches(new CommentAnalyzer(this.engine, plan), comments, batchSize));
		Diagnostics.Counters counters = this.engine.counters();
		double prefillTokensPerS = counters.prefillTokens() / Math.max(1e-9, counters.prefillSeconds());
		double decodeTokensPerS = counters.decodeTokens() / Math.max(1e-9, counters.decodeSeconds());
		this.log.printf("job path: %.2f rows/s (prefill %.0f tok/s, decode %.1f tok/s)%n", comments.size() / jobSeconds,
				prefillTokensPerS, decodeTokensPerS);

		AnalysisPlan sentimentOnly = new AnalysisPlan(this.catalog.sentiment(), Optional.empty(), "auto", 0, true);
		List<Comment> fresh = comments.stream()
			.map((c) -> new Comment(c.source(), c.id() + "-s", c.text() + " ", c.createdAt(), c.channel(), c.line()))
			.toList();
		double sentimentSeconds = timed(
				() -> inBatches(new CommentAnalyzer(this.engine, sentimentOnly), fresh, batchSize));
		this.log.printf("sentiment only: %.2f rows/s%n", comments.size() / sentimentSeconds);

		long flopsPerToken = 2 * this.engine.nonEmbeddingParameters();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rows", comments.size());
		json.put("baseline_rows_per_s", round(comments.size() / baselineSeconds));
		json.put("rows_per_s", round(comments.size() / jobSeconds));
		json.put("speedup", round(baselineSeconds / jobSeconds));
		json.put("sentiment_rows_per_s", round(comments.size() / sentimentSeconds));
		json.put("prefill_tokens_per_s", round(prefillTokensPerS));
		json.put("decode_tokens_per_s", round(decodeTokensPerS));
		json.put("prefill_gflops", round(prefillTokensPerS * flopsPerToken / 1e9));
		json.put("gemm_gflops", round(gemm));
		json.put("peak_rss_mb", peakRssMb());
		return json;
	}

	/**
	 * The method the product started from: row by row, full prompts, the label by free
	 * generation of up to 4 tokens, then the reply at batch 1, nothing shared between
	 * rows.
	 */
	private void baseline(List<Comment> comments, Optional<TaskDefinition> followUp, int replyTokens) {
		TaskDefinition sentiment = this.catalog.sentiment();
		int done = 0;
		for (Comment c : comments) {
			generateOne(sentiment, c, GenerationOptions.greedy(4));
			followUp.ifPresent((task) -> generateOne(task, c, TaskRunner.settingsFor(task, replyTokens, true)));
			if (++done % 4 == 0) {
				this.log.printf("baseline: %d/%d%n", done, comments.size());
			}
		}
	}

	private void generateOne(TaskDefinition task, Comment c, GenerationOptions options) {
		RenderedPrompt p = task.render(c.text(), task.languageFor(c.text(), "auto"));
		Diagnostics.ChatIds chat = this.engine.chat(p.system(), p.user());
		// sharedPrefixLength 0: nothing is reused between rows
		this.engine.generate(chat.ids(), 0, options, c.id().hashCode());
	}

	private void inBatches(CommentAnalyzer analyzer, List<Comment> comments, int batchSize) {
		for (int i = 0; i < comments.size(); i += batchSize) {
			analyzer.analyze(comments.subList(i, Math.min(comments.size(), i + batchSize)));
			this.log.printf("job path: %d/%d%n", Math.min(comments.size(), i + batchSize), comments.size());
		}
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
