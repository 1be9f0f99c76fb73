package com.qwenbatch.report;

import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Row;

/**
 * One table layout shared by Trend, By channel and Topics: a name, a count per sentiment
 * label, the total and the negative share.
 */
final class SentimentCounts {

	private SentimentCounts() {
	}

	/** name | label… | total | negative share */
	static void header(Row row, SentimentReport.Styles styles, String name, List<String> labels) {
		cell(row, 0, name, styles);
		for (int c = 0; c < labels.size(); c++) {
			cell(row, c + 1, labels.get(c), styles);
		}
		cell(row, labels.size() + 1, "total", styles);
		cell(row, labels.size() + 2, "negative share", styles);
	}

	/** The counts from column 1 on, then the total and the negative share. */
	static void counts(Row row, SentimentReport.Styles styles, Map<String, Long> counts, List<String> labels,
			String negativeLabel) {
		long total = 0;
		for (int c = 0; c < labels.size(); c++) {
			long count = counts.getOrDefault(labels.get(c), 0L);
			styles.put(row.createCell(c + 1), count);
			total += count;
		}
		styles.put(row.createCell(labels.size() + 1), total);
		row.createCell(labels.size() + 2).setCellValue(negativeShare(counts, negativeLabel));
		row.getCell(labels.size() + 2).setCellStyle(styles.percent);
	}

	static double negativeShare(Map<String, Long> counts, String negativeLabel) {
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		return total == 0 ? 0 : (double) counts.getOrDefault(negativeLabel, 0L) / total;
	}

	private static void cell(Row row, int column, String title, SentimentReport.Styles styles) {
		styles.put(row.createCell(column), title);
		row.getCell(column).setCellStyle(styles.header);
	}

}
