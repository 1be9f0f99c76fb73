package com.qwenbatch.cli;

import java.io.PrintStream;
import java.util.List;

import com.qwenbatch.llm.model.ModelLoadException;

/** Dispatches the first word to a command and maps failures to exit codes and one clear message. */
public final class CommandLine {

	static final String USAGE = """
			usage: java -jar qwen-batch.jar COMMAND [options]

			commands:
			""" + ModelCommand.USAGE.indent(2);

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
			switch (args.get(0)) {
				case "model" -> new ModelCommand(this.out).run(rest);
				default -> throw new UsageException("unknown command '" + args.get(0) + "'\n" + USAGE);
			}
			return ExitCodes.OK;
		}
		catch (UsageException ex) {
			this.err.println("error: " + ex.getMessage());
			return ExitCodes.BAD_ARGUMENTS;
		}
		catch (ModelLoadException ex) {
			this.err.println("error: " + ex.getMessage());
			return ExitCodes.BAD_ARGUMENTS;
		}
		catch (RuntimeException ex) {
			this.err.println("error: " + ex);
			ex.printStackTrace(this.err);
			return ExitCodes.FAILED;
		}
	}

}
