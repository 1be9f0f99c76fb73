package com.qwenbatch.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches the first word to a command. Every failure ends the same way: one line on stderr
 * naming the cause, a JSON line {@code {"status":"FAILED","exit_code":N,"error":…}} last on stdout,
 * and a documented exit code; stack traces only with {@code --debug}.
 */
public final class CommandLine {

	static final String USAGE = """
			usage: java -jar qwen-batch.jar COMMAND [options]   (--debug: stack traces and framework logs)

			commands:
			""" + RunCommand.USAGE.indent(2) + WorkerCommand.USAGE.indent(2) + ExportCommand.USAGE.indent(2) + ReportCommand.USAGE.indent(2) + PromptsCommand.USAGE.indent(2) + EvaluateCommand.USAGE.indent(2)
			+ BenchCommand.USAGE.indent(2)
			+ ModelCommand.USAGE.indent(2);

	/** Set while a command runs with --debug: framework logs and stack traces are shown. */
	static final String DEBUG_PROPERTY = "qwen-batch.debug";

	private final PrintStream out;

	private final PrintStream err;

	public CommandLine(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public int execute(List<String> arguments) {
		List<String> args = new ArrayList<>(arguments);
		boolean debug = args.remove("--debug");
		if (debug) {
			System.setProperty(DEBUG_PROPERTY, "true");
		}
		if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
			(args.isEmpty() ? this.err : this.out).println(USAGE);
			return args.isEmpty() ? ExitCodes.BAD_ARGUMENTS : ExitCodes.OK;
		}
		List<String> rest = args.subList(1, args.size());
		try {
			return switch (args.get(0)) {
				case "run" -> new RunCommand(this.out, this.err).run(rest);
				case "worker" -> new WorkerCommand().run(rest);
				case "export" -> new ExportCommand(this.out).run(rest);
				case "report" -> new ReportCommand(this.out).run(rest);
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
				default -> throw new UsageException("unknown command '" + args.get(0) + "' (commands: run, worker, export,"
						+ " report, prompts, evaluate, bench, model)");
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

	/** The --db a command was given (for messages about the results database), or the default. */
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
