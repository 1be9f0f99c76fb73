package com.qwenbatch.cli;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.job.JobRunner;
import com.qwenbatch.job.RunOutcome;
import com.qwenbatch.job.RunSettings;
import com.qwenbatch.llm.ModelFiles;
import com.qwenbatch.prompt.TaskCatalog;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run}: validates the arguments (source, task, model, prompts) before anything starts, then
 * starts or resumes the analysis job and prints a JSON summary as the last stdout line.
 */
public final class RunCommand {

	static final String USAGE = """
			run (--input FILE.csv | --source-db JDBC_URL (--source-table T | --source-query SQL))
			    [--task reply|summary|intent|none] [--model MODEL|demo] [--db JDBC_URL] [--prompts DIR]
			    [--encoding UTF-8|GB18030] [--id-column C] [--text-column C] [--date-column C] [--channel-column C]
			    [--batch-size 16] [--max-chars 2000] [--skip-limit 10000] [--max-rejected-percent 5]
			    [--language auto|zh|en] [--since-last-run] [--reanalyze] [--new-run] [--log-rows] [--no-report]
			    [--report-dir reports] [--max-new-tokens N]
			    [--partitions N [--broker amqp://USER:PASS@HOST:5672 --db jdbc:postgresql://… [--worker-timeout 60]]]""";

	static final String DEFAULT_MODEL = "Qwen/Qwen1.5-0.5B-Chat";

	private static final Set<String> FLAGS = Set.of("since-last-run", "reanalyze", "new-run", "log-rows", "no-report");

	private final PrintStream out;

	public RunCommand(PrintStream out) {
		this.out = out;
	}

	public int run(List<String> words) throws Exception {
		Arguments args = new Arguments(words, FLAGS);
		RunSettings settings = parse(args);
		boolean newRun = args.flag("new-run");
		String db = args.optional("db", SpringContexts.DEFAULT_DB);
		Map<String, String> scaleOut = ScaleOut.managerProperties(args, settings, db);
		args.rejectUnknown();
		try (ConfigurableApplicationContext context = SpringContexts.start(db, scaleOut)) {
			RunOutcome outcome = context.getBean(JobRunner.class).run(settings, newRun);
			JsonOutput.print(this.out, outcome.toJson());
			return outcome.exitCode();
		}
	}

	/** Settings from run-command words, as the command line would give them. */
	public static RunSettings parse(List<String> words) {
		return parse(new Arguments(words, FLAGS));
	}

	static RunSettings parse(Arguments args) {
		String input = args.optional("input", null);
		String sourceDb = args.optional("source-db", null);
		String table = args.optional("source-table", null);
		String query = args.optional("source-query", null);
		if ((input == null) == (sourceDb == null)) {
			throw new UsageException("run needs exactly one source: --input FILE.csv or --source-db URL\n" + USAGE);
		}
		if (input != null && !Files.isRegularFile(Path.of(input))) {
			throw new UsageException("--input: file not found: " + input);
		}
		if (sourceDb != null && (table == null) == (query == null)) {
			throw new UsageException("--source-db needs exactly one of --source-table or --source-query");
		}
		String encoding = args.optional("encoding", "UTF-8");
		if (!Charset.isSupported(encoding)) {
			throw new UsageException("--encoding: unknown charset '" + encoding + "' (try UTF-8 or GB18030)");
		}
		String prompts = args.optional("prompts", null);
		String task = args.optional("task", "reply");
		TaskCatalog catalog = TaskCatalog.fromOption(prompts);
		if (!task.equals("none")) {
			catalog.get(task);
		}
		String model = args.optional("model", DEFAULT_MODEL);
		String modelDirectory = ModelFiles.locate(model);
		int batchSize = args.intOption("batch-size", 16);
		if (batchSize < 1 || batchSize > 256) {
			throw new UsageException("--batch-size must be between 1 and 256");
		}
		String language = args.optional("language", "auto");
		return new RunSettings(input, encoding, args.optional("id-column", null), args.optional("text-column", null),
				args.optional("date-column", null), args.optional("channel-column", null), sourceDb, table, query, task,
				model, modelDirectory, prompts, language, batchSize, args.intOption("max-chars", 2000),
				args.longOption("skip-limit", 10_000), Double.parseDouble(args.optional("max-rejected-percent", "5")),
				args.flag("since-last-run"), args.flag("reanalyze"), args.flag("log-rows"), !args.flag("no-report"),
				args.optional("report-dir", "reports"), args.intOption("max-new-tokens", 0), partitions(args));
	}

	private static int partitions(Arguments args) {
		int partitions = args.intOption("partitions", 1);
		if (partitions < 1 || partitions > 10_000) {
			throw new UsageException("--partitions must be between 1 and 10000");
		}
		return partitions;
	}

}
