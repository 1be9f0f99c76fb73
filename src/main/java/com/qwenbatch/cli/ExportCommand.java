package com.qwenbatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.job.DiskFull;
import com.qwenbatch.export.ResultExport;
import com.qwenbatch.store.ResultStore;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code export}: one line per analysed comment (or, with --rejected, per rejected row)
 * as CSV or JSON Lines. A fixed contract: the column names below do not change.
 */
public final class ExportCommand {

	static final CommandSpec SPEC = CommandSpec
		.of("export", "write the results (or the rejected rows) as CSV or JSON Lines, one line per comment")
		.usage("export --out FILE [--format csv|jsonl] [--rejected] [--db JDBC_URL]")
		.option("out", "FILE", null, "the file to write (replaced whole when complete)")
		.option("format", "csv|jsonl", "csv", "the file format")
		.flag("rejected", "the rejected rows instead of the results")
		.resultsDatabaseOption()
		.example("export --format jsonl --out results.jsonl")
		.example("export --rejected --out rejected.csv");

	private final PrintStream out;

	private final SpringContexts contexts;

	ExportCommand(PrintStream out, SpringContexts contexts) {
		this.out = out;
		this.contexts = contexts;
	}

	public int run(List<String> words) {
		Arguments args = new Arguments(words, SPEC);
		String format = args.get("format");
		if (!format.equals("csv") && !format.equals("jsonl")) {
			throw new UsageException("--format must be csv or jsonl");
		}
		Path file = Path.of(args.required("out"));
		boolean rejected = args.flag("rejected");
		String db = args.get("db");
		args.rejectUnknown();
		long rows;
		try (ConfigurableApplicationContext context = this.contexts.start(db)) {
			rows = ResultExport.write(context.getBean(ResultStore.class), file, format, rejected);
		}
		catch (IOException | UncheckedIOException written) {
			IOException ex = written instanceof UncheckedIOException unchecked ? unchecked.getCause()
					: (IOException) written;
			String problem = DiskFull.reason(ex)
				.map((why) -> DiskFull.problem(file.toAbsolutePath().toString(), why)
						+ " and export again (the previous file, if any, is unchanged)")
				.orElse("cannot write " + file + ": " + ex.getMessage());
			throw new UncheckedIOException(problem, ex);
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("out", file.toAbsolutePath().toString());
		json.put("rows", rows);
		json.put("format", format);
		JsonOutput.print(this.out, json);
		return ExitCodes.OK;
	}

}
