package com.qwenbatch.evaluation;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.prompt.LabelValue;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * Reads a labelled CSV (columns id, text, label by default). Labels are matched against
 * the task's allowed values and aliases; anything else is an error naming the file, line
 * and value.
 */
public final class GoldSet {

	private GoldSet() {
	}

	public static List<GoldRow> read(Path file, TaskDefinition task, String textColumn, String labelColumn) {
		List<GoldRow> rows = new ArrayList<>();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(in)) {
			String[] header = csv.readNext();
			if (header == null) {
				throw new IllegalArgumentException(file + ": empty file");
			}
			if (header.length > 0) {
				header[0] = header[0].replace("\uFEFF", "");
			}
			int text = column(header, textColumn, file);
			int label = column(header, labelColumn, file);
			int id = Arrays.asList(lower(header)).indexOf("id");
			String[] fields;
			long line = csv.getLinesRead() + 1;
			while ((fields = csv.readNext()) != null) {
				if (fields.length <= Math.max(text, label)) {
					throw new IllegalArgumentException(
							file + " line " + line + ": expected " + header.length + " fields");
				}
				String gold = fields[label].strip();
				String value = task.label(gold)
					.map(LabelValue::value)
					.orElseThrow(() -> new IllegalArgumentException(file + " line " + csv.getLinesRead() + ": label '"
							+ gold + "' is not one of task " + task.name() + "'s labels " + task.labelValues()));
				String rowId = id >= 0 && !fields[id].isBlank() ? fields[id] : file.getFileName() + ":" + line;
				rows.add(new GoldRow(new Comment(file.getFileName().toString(), rowId, fields[text], null, null, line),
						value));
				line = csv.getLinesRead() + 1;
			}
		}
		catch (IOException | CsvException ex) {
			throw new IllegalArgumentException(file + ": cannot read: " + ex.getMessage(), ex);
		}
		return rows;
	}

	private static int column(String[] header, String name, Path file) {
		int i = Arrays.asList(lower(header)).indexOf(name.toLowerCase(Locale.ROOT));
		if (i < 0) {
			throw new IllegalArgumentException(
					file + " line 1: column '" + name + "' is missing; header is " + Arrays.toString(header));
		}
		return i;
	}

	private static String[] lower(String[] header) {
		return Arrays.stream(header).map((h) -> h.strip().toLowerCase(Locale.ROOT)).toArray(String[]::new);
	}

}
