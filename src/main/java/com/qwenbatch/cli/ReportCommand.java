package com.qwenbatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import com.qwenbatch.report.ReportLabels;
import com.qwenbatch.report.ReportRequest;
import com.qwenbatch.report.SentimentReport;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code report}: the Excel sentiment report from the results table, on demand. */
public final class ReportCommand {

	static final String USAGE = "report [--db JDBC_URL] [--out reports/sentiment-YYYY-MM-DD.xlsx] [--from DATE --to DATE]"
			+ " [--job-execution ID] [--source NAME] [--prompts DIR]";

	private final PrintStream out;

	public ReportCommand(PrintStream out) {
		this.out = out;
	}

	public int run(List<String> words) {
		Arguments args = new Arguments(words, Set.of());
		Path file = Path.of(args.optional("out", ReportRequest.defaultPath(Path.of("reports")).toString()));
		String from = day(args.optional("from", null), "from");
		String to = day(args.optional("to", null), "to");
		String execution = args.optional("job-execution", null);
		String source = args.optional("source", null);
		TaskDefinition sentiment = TaskCatalog.fromOption(args.optional("prompts", null)).sentiment();
		String db = args.optional("db", SpringContexts.DEFAULT_DB);
		args.rejectUnknown();
		ReportLabels labels = new ReportLabels(sentiment.labelValues(), sentiment.negativeLabel().orElse("负面"));
		try (ConfigurableApplicationContext context = SpringContexts.start(db)) {
			long rows = context.getBean(SentimentReport.class)
				.write(ReportRequest.of(file, from, to, execution == null ? null : Long.valueOf(execution), source, labels));
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
