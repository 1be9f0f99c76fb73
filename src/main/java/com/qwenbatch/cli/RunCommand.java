package com.qwenbatch.cli;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.qwenbatch.job.AnalysisJobConfiguration;
import com.qwenbatch.job.GracefulStop;
import com.qwenbatch.job.JobRunner;
import com.qwenbatch.job.RunOutcome;
import com.qwenbatch.job.RunRequest;
import com.qwenbatch.llm.ModelFiles;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import com.qwenbatch.source.DatabaseAddress;
import com.qwenbatch.source.SourceSpec;
import com.qwenbatch.source.Sources;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run}: validates every option (source, task, model, prompts, numbers) before anything
 * starts or is stored, then starts or resumes the analysis job and prints a JSON summary as the
 * last stdout line.
 */
public final class RunCommand {

	static final String USAGE = """
			run (--input FILE.csv | --source-db JDBC_URL (--source-table T | --source-query SQL))
			    [--task reply|summary|intent|none] [--model MODEL|demo] [--db JDBC_URL] [--prompts DIR]
			    [--encoding UTF-8|GB18030] [--id-column C] [--text-column C] [--date-column C] [--channel-column C]
			    [--batch-size 16] [--max-chars 2000] [--skip-limit 10000] [--max-rejected-percent 5]
			    [--language auto|zh|en] [--since-last-run] [--reanalyze] [--new-run] [--log-rows] [--no-report]
			    [--report-dir reports] [--max-new-tokens N] [--db-retry 120]
			    [--partitions N [--broker amqp://USER:PASS@HOST:5672 --db jdbc:postgresql://… [--worker-timeout 60]]]""";

	static final String DEFAULT_MODEL = "Qwen/Qwen1.5-0.5B-Chat";

	private static final Set<String> FLAGS = Set.of("since-last-run", "reanalyze", "new-run", "log-rows", "no-report");

	private final PrintStream out;

	private final PrintStream err;

	public RunCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public int run(List<String> words) throws Exception {
		Arguments args = new Arguments(words, FLAGS);
		Parsed parsed = parse(args);
		boolean newRun = args.flag("new-run");
		DatabaseAddress.Parsed db = DatabaseAddress.parse(args.optional("db", SpringContexts.DEFAULT_DB));
		Map<String, String> properties = new LinkedHashMap<>(ScaleOut.managerProperties(args, parsed.request(), db));
		args.rejectUnknown();
		DatabaseAddress.Credentials source = parsed.sourceCredentials();
		if (source.hasPassword()) {
			this.err.println("warning: a password in --source-db is visible to other users of this machine (ps);"
					+ " set QWEN_BATCH_SOURCE_PASSWORD instead");
		}
		if (source.username() != null) {
			properties.put(AnalysisJobConfiguration.SOURCE_USERNAME, source.username());
		}
		if (source.password() != null) {
			properties.put(AnalysisJobConfiguration.SOURCE_PASSWORD, source.password());
		}
		StopSignals signals = StopSignals.install(this.err);
		try (ConfigurableApplicationContext context = SpringContexts.start(db, properties)) {
			GracefulStop stop = context.getBean(GracefulStop.class);
			signals.whenStopped(stop::request);
			if (stop.requested()) {
				JsonOutput.print(this.out, Map.of("status", "STOPPED", "exit_code", ExitCodes.STOPPED));
				return ExitCodes.STOPPED;
			}
			RunOutcome outcome = context.getBean(JobRunner.class).run(parsed.request(), newRun);
			int exitCode = ExitCodes.of(outcome.ending());
			if (outcome.rejectionProblem() != null) {
				this.err.println("warning: " + outcome.rejectionProblem());
			}
			if (outcome.ending() == RunOutcome.Ending.FAILED) {
				this.err.println("error: " + (outcome.failure() != null ? outcome.failure() : "the run failed")
						+ "; the same command resumes after the last committed chunk");
			}
			if (outcome.ending() == RunOutcome.Ending.STOPPED) {
				this.err.println("stopped; the same command resumes after the last committed chunk");
			}
			JsonOutput.print(this.out, outcome.toJson(exitCode));
			return exitCode;
		}
	}

	/** A run request and the source credentials its URL carried (kept out of the request). */
	record Parsed(RunRequest request, DatabaseAddress.Credentials sourceCredentials) {
	}

	/** The request from run-command words, as the command line would give them. */
	public static RunRequest parse(List<String> words) {
		Arguments args = new Arguments(words, FLAGS);
		RunRequest request = parse(args).request();
		args.flag("new-run");
		args.optional("db", null);
		return request;
	}

	static Parsed parse(Arguments args) {
		SourceSpec.ColumnNames columns = new SourceSpec.ColumnNames(args.optional("id-column", null),
				args.optional("text-column", null), args.optional("date-column", null),
				args.optional("channel-column", null));
		String input = args.optional("input", null);
		String sourceDb = args.optional("source-db", null);
		String table = args.optional("source-table", null);
		String query = args.optional("source-query", null);
		String encoding = args.optional("encoding", "UTF-8");
		if ((input == null) == (sourceDb == null)) {
			throw new UsageException("run needs exactly one source: --input FILE.csv or --source-db URL\n" + USAGE);
		}
		if (!Charset.isSupported(encoding)) {
			throw new UsageException("--encoding: unknown charset '" + encoding + "' (try UTF-8 or GB18030)");
		}
		SourceSpec source;
		DatabaseAddress.Credentials credentials = DatabaseAddress.Credentials.NONE;
		if (input != null) {
			if (table != null || query != null) {
				throw new UsageException("--source-table and --source-query go with --source-db, not --input");
			}
			source = new SourceSpec.CsvFile(input, encoding, columns);
		}
		else {
			if ((table == null) == (query == null)) {
				throw new UsageException("--source-db needs exactly one of --source-table or --source-query");
			}
			DatabaseAddress.Parsed address = DatabaseAddress.parse(sourceDb);
			credentials = address.credentials();
			source = table != null ? new SourceSpec.Table(address.address(), table, columns)
					: new SourceSpec.Query(address.address(), query, columns);
		}
		Sources.checkWithoutConnecting(source);

		String prompts = args.optional("prompts", null);
		String task = args.optional("task", "reply");
		TaskCatalog catalog = TaskCatalog.fromOption(prompts);
		List<TaskDefinition> tasks = new ArrayList<>(List.of(catalog.sentiment()));
		if (!task.equals("none")) {
			tasks.add(catalog.get(task));
		}
		String language = args.optional("language", "auto");
		checkLanguage(language, tasks);
		String model = args.optional("model", DEFAULT_MODEL);
		String modelDirectory = ModelFiles.locate(model);
		RunRequest.Limits limits = new RunRequest.Limits(args.intOption("batch-size", 16, 1, 256),
				args.intOption("max-chars", 2000, 1, 100_000), args.longOption("skip-limit", 10_000, 0, Long.MAX_VALUE),
				args.doubleOption("max-rejected-percent", 5, 0, 100), args.intOption("max-new-tokens", 0, 0, 4096),
				args.intOption("db-retry", 120, 0, 86_400));
		RunRequest.Outputs outputs = new RunRequest.Outputs(!args.flag("no-report"), args.optional("report-dir", "reports"),
				args.flag("log-rows"));
		RunRequest.Selection selection = new RunRequest.Selection(args.flag("since-last-run"), args.flag("reanalyze"),
				args.intOption("partitions", 1, 1, 10_000));
		if (selection.sinceLastRun() && source instanceof SourceSpec.CsvFile) {
			throw new UsageException("--since-last-run needs a database source (--source-db): a CSV export is read whole");
		}
		RunRequest request = new RunRequest(source,
				new RunRequest.Analysis(task, model, modelDirectory, prompts, language), limits, outputs, selection);
		return new Parsed(request, credentials);
	}

	/** {@code auto}, or a language every task of the run has a prompt for. */
	private static void checkLanguage(String language, List<TaskDefinition> tasks) {
		if (language.equals("auto")) {
			return;
		}
		for (TaskDefinition task : tasks) {
			if (!task.variants().containsKey(language)) {
				throw new UsageException("--language " + language + ": " + task.source() + " has prompts for "
						+ new TreeSet<>(task.variants().keySet()) + " (or use auto)");
			}
		}
	}

}
