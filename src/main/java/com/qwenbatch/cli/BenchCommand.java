package com.qwenbatch.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.qwenbatch.analysis.FollowUpRule;
import com.qwenbatch.bench.ExactLengths;
import com.qwenbatch.bench.ReplyShare;
import com.qwenbatch.bench.ThroughputBenchmark;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.SourceRecord;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.source.SourceSpec;
import com.qwenbatch.source.CsvCommentSource;

/**
 * {@code bench}: the one-comment-at-a-time method against the job's inference path on the
 * same comments from sample-data/, one JSON line last. A fixed contract.
 */
public final class BenchCommand {

	static final CommandSpec SPEC = CommandSpec
		.of("bench",
				"measure throughput: the one-comment-at-a-time method against the job's batched path, on the same"
						+ " comments, one JSON line last")
		.usage("bench --model MODEL [options]")
		.option("model", "MODEL", null, "a checkpoint folder, a repo id, or demo")
		.option("rows", "N", "16", "comments to analyse")
		.option("task", "reply|summary|none", "reply", "the task after sentiment")
		.option("reply-tokens", "N", "60", "tokens generated per reply (exactly, end-of-text ignored)")
		.option("reply-tokens-min", "N", null,
				"draw each reply's exact length from [N, --reply-tokens], seeded by the row's id (default: all --reply-tokens)")
		.option("baseline-rows", "N", "the --rows",
				"rows for the one-at-a-time baseline (0: no baseline, and no speedup in the JSON)")
		.option("reply-share", "P", "1",
				"the share of rows (0-1, chosen by row id, seeded) that get the task after sentiment")
		.option(TaskWhenOption.NAME, "LABEL,...", "every row",
				"the task after sentiment only for rows with these sentiment labels (instead of --reply-share)")
		.precisionOption("auto")
		.option("batch-size", "N", "96", "rows per model batch, as in run")
		.decodeSlotsOption()
		.option("input", "FILE.csv", "sample-data/comments.csv (the copy in the jar when absent)",
				"where the comments come from")
		.promptsOption("the task YAML folder")
		.example(
				"model init-random --shape qwen1.5-0.5b --out /tmp/q05 && java -jar qwen-batch.jar bench --model /tmp/q05 --rows 32");

	private final PrintStream out;

	private final PrintStream err;

	public BenchCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public int run(List<String> words) {
		Arguments args = new Arguments(words, SPEC);
		String model = args.required("model");
		int rows = args.integer("rows", 1, 100_000);
		String task = args.get("task");
		int replyTokens = args.integer("reply-tokens", 1, 4096);
		int replyTokensMin = args.has("reply-tokens-min") ? args.integer("reply-tokens-min", 1, replyTokens)
				: replyTokens;
		Precision precision = args.precision();
		int batchSize = args.integer("batch-size", 1, 256);
		int decodeSlots = DecodeSlotsOption.of(args);
		TaskCatalog catalog = TaskCatalog.fromOption(args.optional("prompts", null));
		int baselineRows = args.intOption("baseline-rows", rows, 0, 100_000);
		double replyShare = args.has("reply-share") ? args.number("reply-share", 0, 1) : 1.0;
		List<String> taskWhen = TaskWhenOption.parse(args.optional(TaskWhenOption.NAME, null), catalog.sentiment(),
				task);
		if (args.has("reply-share") && !taskWhen.isEmpty()) {
			throw new UsageException("--reply-share and --task-when both choose the rows for the task: give one");
		}
		FollowUpRule followUpWhen = !taskWhen.isEmpty() ? FollowUpRule.sentimentIn(taskWhen)
				: replyShare < 1 ? new ReplyShare(replyShare) : FollowUpRule.EVERY_ROW;
		args.rejectUnknown();
		if (!task.equals("none")) {
			catalog.get(task);
		}
		List<Comment> comments;
		try (SampleData input = SampleData.open(args.optional("input", null), SampleData.COMMENTS)) {
			comments = comments(input.path(), rows);
		}
		try (QwenEngine engine = QwenEngine.open(model, model, precision, decodeSlots)) {
			ThroughputBenchmark bench = new ThroughputBenchmark(engine, () -> QwenEngine.open(model, Precision.F32),
					catalog, this.err);
			JsonOutput.print(this.out, bench.run(comments, task, new ExactLengths(replyTokensMin, replyTokens),
					batchSize, followUpWhen, baselineRows));
		}
		return ExitCodes.OK;
	}

	/**
	 * The first {@code rows} comments of the file, repeated with a suffix when it has
	 * fewer (never identical).
	 */
	static List<Comment> comments(Path input, int rows) {
		List<Comment> all = new ArrayList<>();
		try (CsvCommentSource source = new CsvCommentSource(input, StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL,
				2000, 0)) {
			SourceRecord r;
			while ((r = source.next()) != null) {
				if (r instanceof SourceRecord.Accepted a) {
					all.add(a.comment());
				}
			}
		}
		if (all.isEmpty()) {
			throw new UsageException(input + " has no comments to benchmark with");
		}
		List<Comment> out = new ArrayList<>();
		for (int i = 0; i < rows; i++) {
			Comment c = all.get(i % all.size());
			String text = i < all.size() ? c.text() : c.text() + " (" + (i / all.size()) + ")";
			out.add(new Comment(c.source(), c.id() + "#" + i, text, c.createdAt(), c.channel(), c.line()));
		}
		return out;
	}

}
