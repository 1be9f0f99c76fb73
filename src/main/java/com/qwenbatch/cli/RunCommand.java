package com.qwenbatch.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.qwenbatch.analysis.AnalysisPlan;
import com.qwenbatch.job.AnalysisJobConfiguration;
import com.qwenbatch.job.GracefulStop;
import com.qwenbatch.job.JobRunner;
import com.qwenbatch.job.RunOutcome;
import com.qwenbatch.job.RunPlan;
import com.qwenbatch.job.RunRequest;
import com.qwenbatch.llm.DemoModel;
import com.qwenbatch.llm.ModelFiles;
import com.qwenbatch.report.ReportRequest;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import com.qwenbatch.source.DatabaseAddress;
import com.qwenbatch.source.SourceSpec;
import com.qwenbatch.source.Sources;
import com.qwenbatch.store.ResultQueries;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run}: validates every option (source, task, model, prompts, numbers) before
 * anything starts or is stored, then starts or resumes the analysis job and prints a JSON
 * summary as the last stdout line.
 */
public final class RunCommand {

	static final String DEFAULT_MODEL = "Qwen/Qwen1.5-0.5B-Chat";

	static final CommandSpec SPEC = CommandSpec
		.of("run",
				"analyse comments from a CSV export or a database table: sentiment, then a reply, summary or"
						+ " other task; results into the database and an Excel report. Resumes an unfinished run.")
		.usage("run (--input FILE.csv | --source-db JDBC_URL (--source-table T | --source-query SQL)) [options]")
		.option("input", "FILE.csv", null, "a CSV export with a header row")
		.option("source-db", "JDBC_URL", null,
				"read from this database instead (credentials: QWEN_BATCH_SOURCE_USERNAME/_PASSWORD or ~/.pgpass)")
		.option("source-table", "TABLE", null, "the table to read, in id order")
		.option("source-query", "SQL", null, "one SELECT statement to read, in id order")
		.option("task", "NAME", "reply", "after sentiment: reply, summary, intent, none, or any task in --prompts")
		.option(TaskWhenOption.NAME, "LABEL,...", "every row", TaskWhenOption.DESCRIPTION)
		.option("labels", "TASK,...", null,
				"extra label tasks scored with sentiment and stored per row, e.g. topic (the report's Topics sheet)")
		.option("model", "MODEL", DEFAULT_MODEL,
				"a checkpoint folder, a Hugging Face repo id, or demo (tiny, random, meaningless)")
		.option("db", "JDBC_URL", SpringContexts.DEFAULT_DB,
				"the results database (credentials: SPRING_DATASOURCE_USERNAME/_PASSWORD)")
		.option("limit", "N", null, "only the first N rows of the source (a quick look)")
		.promptsOption("the task YAML folder")
		.option("language", "auto|zh|en", "auto", "prompt language; auto: Chinese for text with Chinese characters")
		.precisionOption("auto",
				"how weights are held and multiplied; auto: bf16 where the CPU has BF16 instructions (amx_bf16,"
						+ " avx512_bf16), else f32; decided when a run starts and kept on every resume and worker")
		.option("encoding", "CHARSET", "UTF-8", "the CSV file's encoding, e.g. GB18030")
		.option("id-column", "NAME", "id (or a usual name)", "the id column")
		.flag("id-from-text",
				"CSV: make each comment's id from its text, date and channel (as without an id column), for exports"
						+ " whose ids are row numbers")
		.option("text-column", "NAME", "text (or a usual name)", "the comment column")
		.option("date-column", "NAME", "created_at (or a usual name)", "the date column")
		.option("channel-column", "NAME", "channel (or a usual name)", "the channel column")
		.option("batch-size", "N", "96",
				"rows per transaction (1-256): their sentiment is scored together, their replies stream through"
						+ " --decode-slots")
		.decodeSlotsOption()
		.option("max-chars", "N", "2000", "longer comments are rejected")
		.option("max-new-tokens", "N", "the task's max_tokens (32 with --model demo)",
				"cap on the task's output length")
		.option("skip-limit", "N", "10000", "rejected rows after which the run fails")
		.option("max-rejected-percent", "P", "5", "above this share of rejected rows the run ends with exit code 3")
		.option("out", "DIR", "reports", "where the Excel report goes")
		.option("report-dir", "DIR", null, "the same as --out")
		.flag("no-report", "skip the Excel report")
		.option("review-threshold", "P", String.valueOf(ReportRequest.REVIEW_THRESHOLD),
				"results below this confidence are listed on the report's Review sheet")
		.flag("since-last-run", "database source: only rows with an id above the last completed run's")
		.flag("reanalyze", "analyse rows again that the same model and prompts already did")
		.flag("new-run", "start over instead of resuming an unfinished run")
		.option("max-duration", "D", null,
				"stop after the chunk in hand once the run has taken this long, e.g. 90m, 7h (exit 5; the same"
						+ " command resumes)")
		.option("stop-at", "HH:MM", null,
				"stop after the chunk in hand at this local time, the next such moment, e.g. 06:30 (exit 5; the"
						+ " same command resumes)")
		.flag("log-rows", "one JSON line per analysed row on stdout")
		.option("db-retry", "SECONDS", "120", "how long a lost database connection is waited for")
		.option("partitions", "N", "1", "split the source into N partitions")
		.option("broker", "AMQP_URL", null, "with --partitions: hand the partitions to worker processes")
		.option("worker-timeout", "SECONDS", "60",
				"with --broker: a silent worker fails its partition; no worker for this long ends the run")
		.option("broker-retry", "SECONDS", "300", "with --broker: how long a broker out of reach is waited for")
		.option("queue", "NAME", "qwen-batch.partitions.<12 hex digits of the results database's address>",
				"the broker queue for partition requests: one per deployment (results database)")
		.example("run --input sample-data/comments.csv --model demo --limit 50")
		.example("run --input comments.csv --task summary --model ~/models/Qwen1.5-0.5B-Chat")
		.example(
				"run --source-db jdbc:postgresql://db:5432/shop --source-table comments --db jdbc:postgresql://db:5432/stats --since-last-run");

	private final PrintStream out;

	private final PrintStream err;

	private final SpringContexts contexts;

	RunCommand(PrintStream out, PrintStream err, SpringContexts contexts) {
		this.out = out;
		this.err = err;
		this.contexts = contexts;
	}

	public int run(List<String> words) throws Exception {
		Arguments args = new Arguments(words, SPEC);
		int decodeSlots = DecodeSlotsOption.of(args);
		Parsed parsed = parse(args);
		boolean newRun = args.flag("new-run");
		Optional<RunPlan.StopTime> stopTime = StopOptions.parse(args.optional("max-duration", null),
				args.optional("stop-at", null), ZonedDateTime.now());
		DatabaseAddress.Parsed db = DatabaseAddress.parse(args.get("db"));
		Map<String, String> properties = new LinkedHashMap<>(ScaleOut.managerProperties(args, parsed.request(), db));
		properties.putAll(DecodeSlotsOption.property(decodeSlots));
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
		try (ConfigurableApplicationContext context = this.contexts.start(db, properties)) {
			GracefulStop stop = context.getBean(GracefulStop.class);
			signals.whenStopped(stop::request);
			if (stop.requested()) {
				JsonOutput.print(this.out, JsonOutput.fields("status", "STOPPED", "exit_code", ExitCodes.STOPPED));
				return ExitCodes.STOPPED;
			}
			JobRunner runner = context.getBean(JobRunner.class);
			this.err.println(runner.plan(parsed.request(), newRun, stopTime).describe());
			stopTime.ifPresent((t) -> stopWhenTimeIsUp(t, stop));
			RunOutcome outcome = runner.run(parsed.request(), newRun);
			int exitCode = ExitCodes.of(outcome.ending());
			Map<String, Long> sentiments = sentimentsWritten(context, outcome.jobExecutionId(), parsed.labels());
			if (outcome.reusedIdsWarning() != null) {
				this.err.println("warning: " + outcome.reusedIdsWarning());
			}
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
			this.err.println(summary(outcome, sentiments));
			Map<String, Object> json = outcome.toJson(exitCode);
			json.put("sentiments", sentiments);
			JsonOutput.print(this.out, json);
			return exitCode;
		}
	}

	/**
	 * At {@code time}, asks the run to stop after the chunk in hand, as SIGTERM does: the
	 * run ends STOPPED (exit 5) and the same command resumes it.
	 */
	private void stopWhenTimeIsUp(RunPlan.StopTime time, GracefulStop stop) {
		Thread timer = new Thread(() -> {
			try {
				Thread.sleep(Math.max(0, Duration.between(Instant.now(), time.at()).toMillis()));
				this.err.println("time is up (" + time.option() + "): stopping after the chunk in hand");
				stop.request();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "stop-time");
		timer.setDaemon(true);
		timer.start();
	}

	/**
	 * "208 analysed (正面 2, 负面 46, 中性 160), 1 rejected, 5 m 28 s →
	 * reports/sentiment-2026-11-29-e12.xlsx"
	 */
	static String summary(RunOutcome outcome, Map<String, Long> sentiments) {
		StringBuilder line = new StringBuilder().append(outcome.analysed()).append(" analysed");
		if (!sentiments.isEmpty()) {
			line.append(" (");
			sentiments.forEach((label, count) -> line.append(line.charAt(line.length() - 1) == '(' ? "" : ", ")
				.append(label)
				.append(' ')
				.append(count));
			line.append(')');
		}
		if (outcome.changed() > 0) {
			line.append(", ").append(outcome.changed()).append(" of them changed");
		}
		if (outcome.unchanged() > 0) {
			line.append(", ").append(outcome.unchanged()).append(" unchanged");
		}
		line.append(", ").append(outcome.rejected()).append(" rejected, ");
		long seconds = Math.round(outcome.seconds());
		line.append(RunPlan.duration(seconds));
		if (outcome.report() != null) {
			line.append(" → ").append(outcome.report());
		}
		return line.toString();
	}

	/**
	 * A run request, the source credentials its URL carried (kept out of the request) and
	 * the sentiment labels in the prompt's order.
	 */
	record Parsed(RunRequest request, DatabaseAddress.Credentials sourceCredentials, List<String> labels) {
	}

	/**
	 * Comments per label among the rows this execution wrote, in the prompt's label
	 * order.
	 */
	private static Map<String, Long> sentimentsWritten(ConfigurableApplicationContext context, long jobExecutionId,
			List<String> labels) {
		Map<String, Long> counts = new ResultQueries(context.getBean(DataSource.class),
				new ResultQueries.Filter(null, null, jobExecutionId, null))
			.bySentiment(labels);
		counts.values().removeIf((count) -> count == 0);
		return counts;
	}

	/** The request from run-command words, as the command line would give them. */
	public static RunRequest parse(List<String> words) {
		Arguments args = new Arguments(words, SPEC);
		RunRequest request = parse(args).request();
		args.flag("new-run");
		args.get("db");
		return request;
	}

	static Parsed parse(Arguments args) {
		SourceSpec.ColumnNames columns = new SourceSpec.ColumnNames(args.optional("id-column", null),
				args.optional("text-column", null), args.optional("date-column", null),
				args.optional("channel-column", null));
		String input = args.get("input");
		String sourceDb = args.get("source-db");
		String table = args.get("source-table");
		String query = args.get("source-query");
		String encoding = args.get("encoding");
		if ((input == null) == (sourceDb == null)) {
			throw new UsageException(
					"run needs exactly one source: --input FILE.csv or --source-db URL (see: java -jar qwen-batch.jar help run)");
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
			boolean idFromText = args.flag("id-from-text");
			if (idFromText && columns.id() != null) {
				throw new UsageException("--id-from-text makes ids from the comments: it does not go with --id-column");
			}
			source = new SourceSpec.CsvFile(input, encoding, columns, idFromText);
		}
		else {
			if ((table == null) == (query == null)) {
				throw new UsageException("--source-db needs exactly one of --source-table or --source-query");
			}
			if (args.flag("id-from-text")) {
				throw new UsageException(
						"--id-from-text goes with --input: a database source is read in the order of its id column");
			}
			DatabaseAddress.Parsed address = DatabaseAddress.parse(sourceDb);
			credentials = address.credentials();
			source = table != null ? new SourceSpec.Table(address.address(), table, columns)
					: new SourceSpec.Query(address.address(), query, columns);
		}
		Sources.checkWithoutConnecting(source);

		String prompts = args.optional("prompts", null);
		String task = args.get("task");
		TaskCatalog catalog = TaskCatalog.fromOption(prompts);
		List<String> labels = labelTasks(args.optional("labels", null));
		String language = args.get("language");
		checkLanguage(language, AnalysisPlan.of(catalog, task, labels, language, 0));
		String model = args.get("model");
		RunRequest.Limits limits = new RunRequest.Limits(args.integer("batch-size", 1, 256),
				args.integer("max-chars", 1, 100_000), args.longInteger("skip-limit", 0, Long.MAX_VALUE),
				args.number("max-rejected-percent", 0, 100), maxNewTokens(args, model),
				args.integer("db-retry", 0, 86_400),
				args.has("limit") ? args.longInteger("limit", 1, Long.MAX_VALUE) : 0);
		if (args.has("out") && args.has("report-dir")) {
			throw new UsageException("--report-dir is another name for --out: give one of them");
		}
		RunRequest.Outputs outputs = new RunRequest.Outputs(!args.flag("no-report"),
				args.has("report-dir") ? args.get("report-dir") : args.get("out"), args.flag("log-rows"),
				args.number("review-threshold", 0, 1));
		RunRequest.Selection selection = new RunRequest.Selection(args.flag("since-last-run"), args.flag("reanalyze"),
				args.integer("partitions", 1, 10_000));
		if (selection.partitions() > 1 && limits.limit() > 0) {
			throw new UsageException("--limit reads the first rows of one stream: it does not go with --partitions");
		}
		String modelDirectory = ModelFiles.locate(model);
		if (selection.sinceLastRun() && source instanceof SourceSpec.CsvFile) {
			throw new UsageException(
					"--since-last-run needs a database source (--source-db): a CSV export is read whole");
		}
		List<String> taskWhen = TaskWhenOption.parse(args.optional(TaskWhenOption.NAME, null), catalog.sentiment(),
				task);
		RunRequest request = new RunRequest(source, new RunRequest.ModelTasks(task, model, modelDirectory, prompts,
				language, args.precision(), labels, taskWhen), limits, outputs, selection);
		return new Parsed(request, credentials, catalog.sentiment().labelValues());
	}

	/** {@code --labels topic,intent}: the task names, each once, in the order given. */
	static List<String> labelTasks(String option) {
		if (option == null) {
			return List.of();
		}
		List<String> names = java.util.Arrays.stream(option.split(","))
			.map(String::trim)
			.filter((n) -> !n.isEmpty())
			.distinct()
			.toList();
		if (names.isEmpty()) {
			throw new UsageException("--labels needs at least one task name, e.g. --labels topic");
		}
		return names;
	}

	/**
	 * The task's own limit unless given; with the demo model 32 tokens, since its random
	 * output means nothing and a first look at the pipeline should take seconds, not
	 * minutes.
	 */
	static int maxNewTokens(Arguments args, String model) {
		if (args.has("max-new-tokens")) {
			return args.intOption("max-new-tokens", 0, 1, 4096);
		}
		return DemoModel.NAME.equals(model) ? DEMO_MAX_NEW_TOKENS : 0;
	}

	private static final int DEMO_MAX_NEW_TOKENS = 32;

	/** {@code auto}, or a language the plan's tasks all have a prompt for. */
	static void checkLanguage(String language, AnalysisPlan plan) {
		checkLanguage(language, plan.tasks());
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
