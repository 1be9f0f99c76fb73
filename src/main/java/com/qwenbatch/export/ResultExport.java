package com.qwenbatch.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.opencsv.CSVWriter;
import com.qwenbatch.report.AtomicFile;
import com.qwenbatch.store.ResultStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the results (or the rejected rows) as CSV or JSON Lines, in the fixed field
 * order the store defines, to a temporary file renamed when complete. In CSV, a value
 * that a spreadsheet would read as a formula (leading {@code = + - @}, tab or carriage
 * return) gets a leading apostrophe: comment text never becomes a formula.
 */
public final class ResultExport {

	private ResultExport() {
	}

	/**
	 * Writes {@code file} in {@code format} ("csv" or "jsonl") and returns the rows
	 * written.
	 */
	public static long write(ResultStore store, Path file, String format, boolean rejected) throws IOException {
		List<String> fields = rejected ? ResultStore.EXPORTED_REJECTED_FIELDS : ResultStore.EXPORTED_RESULT_FIELDS;
		long[] count = { 0 };
		AtomicFile.write(file, (stream) -> {
			BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
			RowSink sink = format.equals("csv") ? new CsvSink(writer, fields) : new JsonlSink(writer);
			store.eachExported(rejected, (row) -> {
				sink.write(row);
				count[0]++;
			});
			sink.finish();
			writer.flush();
		});
		return count[0];
	}

	/** A CSV cell that a spreadsheet would not take for a formula. */
	static String neutralised(String value) {
		return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
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
			this.csv.writeNext(this.fields.stream().map((f) -> cell(row.get(f))).toArray(String[]::new));
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

	/**
	 * A CSV cell: nested values (the labels) as JSON text, e.g. {"topic":"物流"}; formulas
	 * neutralised.
	 */
	private static String cell(Object value) {
		if (value == null) {
			return "";
		}
		return neutralised(value instanceof Map<?, ?> map ? JSON.writeValueAsString(map) : String.valueOf(value));
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final class JsonlSink implements RowSink {

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
