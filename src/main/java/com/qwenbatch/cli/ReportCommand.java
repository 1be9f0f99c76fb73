package com.qwenbatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.analysis.TopicSummaries;
import com.qwenbatch.llm.DemoModel;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.report.ReportLabels;
import com.qwenbatch.report.ReportRequest;
import com.qwenbatch.report.SentimentReport;
import com.qwenbatch.report.TopicWriter;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code report}: the Excel sentiment report from the results table, on demand. */
public final class ReportCommand {

	static final CommandSpec SPEC = CommandSpec.of("report", "build the Excel sentiment report from the results table")
		.option("out", "FILE.xlsx", "reports/sentiment-DATE.xlsx (never overwritten: -2, -3 … when it exists)",
				"the workbook to write")
		.option("from", "YYYY-MM-DD", null, "comments from this day on")
		.option("to", "YYYY-MM-DD", null, "comments up to this day")
		.option("job-execution", "ID", null, "only the rows written by this run (see: runs)")
		.option("source", "NAME", null, "only this source (file name or table)")
		.option("review-threshold", "P", String.valueOf(ReportRequest.REVIEW_THRESHOLD),
				"results below this confidence are listed on the Review sheet")
		.option("model", "MODEL", "none: no topic sentences",
				"a model that writes one sentence per topic saying what its negative comments are about")
		.promptsOption("where the sentiment labels (and the topic-summary task) come from")
		.resultsDatabaseOption()
		.example("report --from 2026-11-01 --to 2026-11-30 --out reports/november.xlsx");

	private final PrintStream out;

	private final SpringContexts contexts;

	ReportCommand(PrintStream out, SpringContexts contexts) {
		this.out = out;
		this.contexts = contexts;
	}

	public int run(List<String> words) {
		Arguments args = new Arguments(words, SPEC);
		Path file = args.has("out") ? Path.of(args.get("out")) : ReportRequest.freePath(Path.of("reports"), null);
		String from = day(args.optional("from", null), "from");
		String to = day(args.optional("to", null), "to");
		String execution = args.optional("job-execution", null);
		String source = args.optional("source", null);
		TaskCatalog catalog = TaskCatalog.fromOption(args.optional("prompts", null));
		double reviewThreshold = args.number("review-threshold", 0, 1);
		String db = args.get("db");
		String model = args.optional("model", null);
		args.rejectUnknown();
		ReportLabels labels = ReportLabels.of(catalog);
		try (ConfigurableApplicationContext context = this.contexts.start(db);
				QwenEngine engine = model == null ? null : QwenEngine.open(model, Precision.AUTO)) {
			TopicSummaries summaries = engine == null ? null
					: new TopicSummaries(engine, catalog, DemoModel.NAME.equals(model));
			TopicWriter sentences = summaries == null ? null
					: new TopicWriter(summaries::sentences, summaries.meaningless());
			long rows = context.getBean(SentimentReport.class)
				.write(ReportRequest
					.of(file, from, to, execution == null ? null : Long.valueOf(execution), source, labels)
					.withReviewThreshold(reviewThreshold), sentences);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("out", file.toAbsolutePath().toString());
			json.put("rows", rows);
			JsonOutput.print(this.out, json);
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--job-execution must be a number");
		}
		return ExitCodes.OK;
	}

	private static String day(String value, String option) {
		if (value != null && !value.matches("\\d{4}-\\d{2}-\\d{2}")) {
			throw new UsageException("--" + option + " must be a date like 2026-11-01, not '" + value + "'");
		}
		return value;
	}

}
