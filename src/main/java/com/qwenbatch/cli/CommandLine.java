package com.qwenbatch.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches the first word to a command. Every failure ends the same way: one line on
 * stderr naming the cause, a JSON line
 * {@code {"status":"FAILED","exit_code":N,"error":…}} last on stdout, and a documented
 * exit code; stack traces only with {@code --debug}.
 */
public final class CommandLine {

	/** Every command's spec, in the order the overview lists them. */
	static final List<CommandSpec> SPECS = List.of(RunCommand.SPEC, AnalyzeCommand.SPEC, RunsCommand.LIST,
			RunsCommand.SHOW, ExportCommand.SPEC, ReportCommand.SPEC, PromptsCommand.LIST, PromptsCommand.RENDER,
			EvaluateCommand.SPEC, BenchCommand.SPEC, WorkerCommand.SPEC, ModelCommand.INIT_RANDOM, ModelCommand.LOGITS,
			ModelCommand.GENERATE, ModelCommand.SCORE);

	private final InputStream in;

	private final PrintStream out;

	private final PrintStream err;

	private final Class<?> springApplication;

	/**
	 * {@code springApplication}: the Spring Boot application class the database commands
	 * start.
	 */
	public CommandLine(InputStream in, PrintStream out, PrintStream err, Class<?> springApplication) {
		this.in = in;
		this.out = out;
		this.err = err;
		this.springApplication = springApplication;
	}

	public int execute(List<String> arguments) {
		List<String> args = new ArrayList<>(arguments);
		boolean debug = args.remove("--debug");
		boolean verbose = args.remove("--verbose");
		SpringContexts contexts = new SpringContexts(this.springApplication, this.out, debug || verbose);
		if (args.isEmpty()) {
			this.err.println(overview());
			return ExitCodes.BAD_ARGUMENTS;
		}
		if (args.get(0).equals("--version") || args.get(0).equals("version")) {
			this.out.println("qwen-batch " + version());
			return ExitCodes.OK;
		}
		List<String> rest = args.subList(1, args.size());
		try {
			if (args.get(0).equals("--help") || args.get(0).equals("help") || args.contains("--help")) {
				List<String> topic = args.get(0).equals("--help") || args.get(0).equals("help") ? rest
						: args.subList(0, args.indexOf("--help"));
				this.out.print(help(topic));
				return ExitCodes.OK;
			}
			return switch (args.get(0)) {
				case "run" -> new RunCommand(this.out, this.err, contexts).run(rest);
				case "runs" -> new RunsCommand(this.out, contexts).run(rest);
				case "analyze" -> new AnalyzeCommand(this.in, this.out).run(rest);
				case "worker" -> new WorkerCommand(contexts).run(rest);
				case "export" -> new ExportCommand(this.out, contexts).run(rest);
				case "report" -> new ReportCommand(this.out, contexts).run(rest);
				case "bench" -> new BenchCommand(this.out, this.err).run(rest);
				case "evaluate" -> new EvaluateCommand(this.out).run(rest);
				case "prompts" -> {
					new PromptsCommand(this.out).run(rest);
					yield ExitCodes.OK;
				}
				case "model" -> {
					new ModelCommand(this.out).run(rest);
					yield ExitCodes.OK;
				}
				default -> throw new UsageException("unknown command '" + args.get(0) + "' (commands: "
						+ String.join(", ", commandNames()) + "; see: java -jar qwen-batch.jar --help)");
			};
		}
		catch (Exception ex) {
			Failure failure = Failure.of(ex, resultsDatabase(rest));
			this.err.println("error: " + failure.message());
			if (debug) {
				ex.printStackTrace(this.err);
			}
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("status", "FAILED");
			json.put("exit_code", failure.exitCode());
			json.put("error", failure.message());
			JsonOutput.print(this.out, json);
			return failure.exitCode();
		}
		finally {
			this.err.flush();
		}
	}

	/** The overview: every command in one line, and where to read more. */
	static String overview() {
		StringBuilder text = new StringBuilder("""
				qwen-batch — sentiment, replies and summaries for customer comments, with one small Qwen model on a CPU.

				usage: java -jar qwen-batch.jar COMMAND [options]

				commands:
				""");
		for (CommandSpec spec : SPECS) {
			text.append(String.format("  %-18s %s%n", spec.name(), spec.summary()));
		}
		text.append("""

				java -jar qwen-batch.jar help COMMAND    what a command does, its options and their defaults
				options for every command: --debug (stack traces, framework logs), --verbose (framework logs)
				first run:  java -jar qwen-batch.jar run --input sample-data/comments.csv --model demo --limit 50
				""");
		return text.toString();
	}

	/**
	 * Help for "", "run", "model", "model generate" …: the overview, or every spec the
	 * words name.
	 */
	static String help(List<String> topic) {
		// the command's words only: "run --input x --help" asks for help on run
		String words = String.join(" ", topic.stream().takeWhile((w) -> !w.startsWith("--")).toList()).strip();
		if (words.isEmpty()) {
			return overview();
		}
		List<CommandSpec> specs = SPECS.stream()
			.filter((spec) -> spec.name().equals(words) || spec.name().startsWith(words + " "))
			.toList();
		if (specs.isEmpty()) {
			throw new UsageException(
					"no command '" + words + "' (commands: " + String.join(", ", commandNames()) + ")");
		}
		return String.join("\n", specs.stream().map(CommandSpec::help).toList());
	}

	private static List<String> commandNames() {
		return SPECS.stream().map((spec) -> spec.name().split(" ")[0]).distinct().toList();
	}

	/** The version this jar was built as. */
	static String version() {
		try (var in = CommandLine.class.getResourceAsStream("/qwen-batch-version.properties")) {
			java.util.Properties properties = new java.util.Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "unknown");
		}
		catch (java.io.IOException ex) {
			return "unknown";
		}
	}

	/**
	 * The --db a command was given (for messages about the results database), or the
	 * default.
	 */
	private static String resultsDatabase(List<String> args) {
		int at = args.indexOf("--db");
		if (at >= 0 && at + 1 < args.size()) {
			return args.get(at + 1);
		}
		return args.stream()
			.filter((a) -> a.startsWith("--db="))
			.map((a) -> a.substring(5))
			.findFirst()
			.orElse(SpringContexts.DEFAULT_DB);
	}

}
