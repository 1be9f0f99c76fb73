package com.qwenbatch.cli;

import java.io.PrintStream;
import java.util.List;

import com.qwenbatch.llm.model.ModelLoadException;

/** Dispatches the first word to a command and maps failures to exit codes and one clear message. */
public final class CommandLine {

	static final String USAGE = """
			usage: java -jar qwen-batch.jar COMMAND [options]

			commands:
			""" + RunCommand.USAGE.indent(2) + WorkerCommand.USAGE.indent(2) + ExportCommand.USAGE.indent(2) + ReportCommand.USAGE.indent(2) + PromptsCommand.USAGE.indent(2) + EvaluateCommand.USAGE.indent(2)
			+ BenchCommand.USAGE.indent(2)
			+ ModelCommand.USAGE.indent(2);

	private final PrintStream out;

	private final PrintStream err;

	public CommandLine(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public int execute(List<String> args) {
		if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
			this.out.println(USAGE);
			return args.isEmpty() ? ExitCodes.BAD_ARGUMENTS : ExitCodes.OK;
		}
		List<String> rest = args.subList(1, args.size());
		try {
			return switch (args.get(0)) {
				case "run" -> new RunCommand(this.out).run(rest);
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
				default -> throw new UsageException("unknown command '" + args.get(0) + "'\n" + USAGE);
			};
		}
		catch (UsageException ex) {
			this.err.println("error: " + ex.getMessage());
			return ExitCodes.BAD_ARGUMENTS;
		}
		catch (ModelLoadException | com.qwenbatch.prompt.PromptException | com.qwenbatch.source.SourceException ex) {
			this.err.println("error: " + ex.getMessage());
			return ExitCodes.BAD_ARGUMENTS;
		}
		catch (Exception ex) {
			this.err.println("error: " + ex);
			ex.printStackTrace(this.err);
			return ExitCodes.FAILED;
		}
	}

}
