package com.qwenbatch.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.opencsv.CSVWriter;
import com.qwenbatch.report.AtomicFile;
import com.qwenbatch.store.ResultStore;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

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
		.option("db", "JDBC_URL", SpringContexts.DEFAULT_DB, "the results database")
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
		List<String> fields = rejected ? ResultStore.EXPORTED_REJECTED_FIELDS : ResultStore.EXPORTED_RESULT_FIELDS;
		long[] count = { 0 };
		try (ConfigurableApplicationContext context = this.contexts.start(db)) {
			ResultStore store = context.getBean(ResultStore.class);
			AtomicFile.write(file, (stream) -> {
				BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
				RowSink sink = format.equals("csv") ? new CsvSink(writer, fields) : new JsonlSink(writer);
				RowCallbackHandler handler = (rs) -> {
					Map<String, Object> row = new LinkedHashMap<>();
					for (String field : fields) {
						Object value = rs.getObject(field);
						row.put(field, value instanceof java.sql.Timestamp t ? t.toInstant().toString() : value);
					}
					sink.write(row);
					count[0]++;
				};
				if (rejected) {
					store.eachRejected(handler);
				}
				else {
					store.eachResult(handler);
				}
				sink.finish();
				writer.flush();
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("out", file.toAbsolutePath().toString());
		json.put("rows", count[0]);
		json.put("format", format);
		JsonOutput.print(this.out, json);
		return ExitCodes.OK;
	}

	private interface RowSink {

		void write(Map<String, Object> row);

		default void finish() {
		}

	}

	private static final class CsvSink implements RowSink {

		private final CSVWriter csv;

		private final List<String> fields;

		CsvSink(BufferedWriter writer, List<String> fields) {
			this.csv = new CSVWriter(writer);
			this.fields = fields;
			this.csv.writeNext(fields.toArray(String[]::new));
		}

		@Override
		public void write(Map<String, Object> row) {
			this.csv.writeNext(this.fields.stream()
				.map((f) -> row.get(f) == null ? "" : String.valueOf(row.get(f)))
				.toArray(String[]::new));
		}

		@Override
		public void finish() {
			try {
				this.csv.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private static final class JsonlSink implements RowSink {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private final BufferedWriter writer;

		JsonlSink(BufferedWriter writer) {
			this.writer = writer;
		}

		@Override
		public void write(Map<String, Object> row) {
			try {
				this.writer.write(JSON.writeValueAsString(row));
				this.writer.newLine();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
