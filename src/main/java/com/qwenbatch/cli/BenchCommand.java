package com.qwenbatch.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.qwenbatch.bench.ThroughputBenchmark;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.SourceRecord;
import com.qwenbatch.llm.DemoModel;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.source.SourceSpec;
import com.qwenbatch.source.CsvCommentSource;

/**
 * {@code bench}: the seeds' method against the job's inference path on the same comments from
 * sample-data/, one JSON line last. A fixed contract.
 */
public final class BenchCommand {

	static final String USAGE = "bench --model DIR [--rows 16] [--task reply|summary|none] [--reply-tokens 60] [--batch-size 16] [--input sample-data/comments.csv]";

	private final PrintStream out;

	private final PrintStream err;

	public BenchCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public int run(List<String> words) {
		Arguments args = new Arguments(words, Set.of());
		String model = args.required("model");
		int rows = args.intOption("rows", 16);
		String task = args.optional("task", "reply");
		int replyTokens = args.intOption("reply-tokens", 60);
		int batchSize = args.intOption("batch-size", 16);
		Path input = Path.of(args.optional("input", "sample-data/comments.csv"));
		TaskCatalog catalog = TaskCatalog.fromOption(args.optional("prompts", null));
		args.rejectUnknown();
		if (!task.equals("none")) {
			catalog.get(task);
		}
		List<Comment> comments = comments(input, rows);
		try (QwenEngine engine = QwenEngine.open(DemoModel.resolve(model, Path.of(".")))) {
			JsonOutput.print(this.out, new ThroughputBenchmark(engine, catalog, this.err).run(comments, task, replyTokens, batchSize));
		}
		return ExitCodes.OK;
	}

	/** The first {@code rows} comments of the file, repeated with a suffix when it has fewer (never identical). */
	static List<Comment> comments(Path input, int rows) {
		List<Comment> all = new ArrayList<>();
		try (CsvCommentSource source = new CsvCommentSource(input, StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 2000, 0)) {
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
