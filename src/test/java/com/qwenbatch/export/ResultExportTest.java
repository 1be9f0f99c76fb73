package com.qwenbatch.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.RejectedRow;
import com.qwenbatch.comment.TaskLabel;
import com.qwenbatch.store.ResultStore;
import com.qwenbatch.store.StoreDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export other tools read: its fields in their fixed order, values in JSON Lines as
 * they are, and in CSV no value that a spreadsheet would take for a formula.
 */
class ResultExportTest {

	@TempDir
	Path tmp;

	private final ResultStore store = new ResultStore(StoreDatabases.h2());

	private void seed() {
		this.store.saveResults(List.of(
				new Analysis(new Comment("c.csv", "1", "=HYPERLINK(\"http://x\")", "2026-12-01", "-app", 2), "负面", 0.75,
						Map.of(), "reply", "@客服 马上处理", "eos", "m", "bf16", "0123456789abcdef", "v1", 10, 4, 20,
						Map.of("topic", new TaskLabel("物流", 0.6))),
				new Analysis(new Comment("c.csv", "2", "很好", null, null, 3), "正面", 0.9, Map.of(), "none", null, null,
						"m", "f32", null, "v1", 8, 1, 10, Map.of())),
				5);
		this.store.saveRejected(new RejectedRow("c.csv", 4, "c.csv:4", "empty text", "+1"), 5);
	}

	@Test
	void csvHasTheFixedFieldsInOrderAndNoFormula() throws IOException, CsvException {
		seed();
		Path out = this.tmp.resolve("results.csv");
		assertThat(ResultExport.write(this.store, out, "csv", false)).isEqualTo(2);
		List<String[]> rows;
		try (CSVReader csv = new CSVReader(Files.newBufferedReader(out))) {
			rows = csv.readAll();
		}
		assertThat(rows.get(0)).containsExactly("id", "source", "sentiment", "confidence", "reply", "summary", "task",
				"task_output", "text", "comment_date", "channel", "model_id", "prompt_version", "tokens_in",
				"tokens_out", "latency_ms", "job_execution_id", "created_at", "stop_reason", "model_precision",
				"labels", "model_fingerprint");
		Map<String, String> first = row(rows.get(0), rows.get(1));
		assertThat(first).containsEntry("id", "1")
			.containsEntry("text", "'=HYPERLINK(\"http://x\")")
			.containsEntry("reply", "'@客服 马上处理")
			.containsEntry("channel", "'-app")
			.containsEntry("labels", "{\"topic\":\"物流\"}")
			.containsEntry("model_precision", "bf16")
			.containsEntry("model_fingerprint", "0123456789abcdef");
		assertThat(row(rows.get(0), rows.get(2))).as("a result stored before fingerprints were kept")
			.containsEntry("model_fingerprint", "");
		for (String[] row : rows.subList(1, rows.size())) {
			for (String cell : row) {
				assertThat(cell).as("no cell starts a formula")
					.doesNotStartWith("=")
					.doesNotStartWith("+")
					.doesNotStartWith("@");
			}
		}
		assertThat(row(rows.get(0), rows.get(2))).containsEntry("labels", "{}").containsEntry("reply", "");

		Path rejected = this.tmp.resolve("rejected.csv");
		assertThat(ResultExport.write(this.store, rejected, "csv", true)).isEqualTo(1);
		assertThat(Files.readAllLines(rejected).get(0))
			.isEqualTo("\"id\",\"source\",\"line\",\"reason\",\"raw\",\"job_execution_id\",\"created_at\"");
		assertThat(Files.readString(rejected)).contains("\"'+1\"");
	}

	@Test
	void jsonLinesCarryValuesAsTheyAre() throws IOException {
		seed();
		Path out = this.tmp.resolve("results.jsonl");
		assertThat(ResultExport.write(this.store, out, "jsonl", false)).isEqualTo(2);
		List<String> lines = Files.readAllLines(out);
		JsonNode first = JsonMapper.builder().build().readTree(lines.get(0));
		assertThat(first.propertyNames()).containsExactlyElementsOf(ResultStore.EXPORTED_RESULT_FIELDS);
		assertThat(first.get("text").asString()).isEqualTo("=HYPERLINK(\"http://x\")");
		assertThat(first.get("labels").get("topic").asString()).isEqualTo("物流");
		assertThat(first.get("confidence").asDouble()).isEqualTo(0.75);
	}

	private static Map<String, String> row(String[] header, String[] values) {
		Map<String, String> row = new java.util.LinkedHashMap<>();
		for (int i = 0; i < header.length; i++) {
			row.put(header[i], values[i]);
		}
		return row;
	}

}
