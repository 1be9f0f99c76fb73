package com.qwenbatch.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.store.ResultQueries;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/**
 * Why customers are unhappy: topic × sentiment counts, ranked by negative comments, a bar
 * chart of the negatives per topic, then for each topic up to three of its most confident
 * negative comments (distinct texts, cut to 200 characters) with id and date.
 */
final class TopicsSheet {

	/** The extra label task whose labels this sheet shows. */
	static final String TASK = "topic";

	static final int QUOTES_PER_TOPIC = 3;

	static final int QUOTE_CHARS = 200;

	private final XSSFSheet sheet;

	private final SentimentReport.Styles styles;

	TopicsSheet(XSSFSheet sheet, SentimentReport.Styles styles) {
		this.sheet = sheet;
		this.styles = styles;
	}

	/** The topics ranked by negative comments, most first (ties by name). */
	static List<Map.Entry<String, Map<String, Long>>> ranked(Map<String, Map<String, Long>> topics,
			String negativeLabel) {
		List<Map.Entry<String, Map<String, Long>>> table = new ArrayList<>(topics.entrySet());
		table.sort(Comparator
			.comparingLong((Map.Entry<String, Map<String, Long>> t) -> -t.getValue().getOrDefault(negativeLabel, 0L))
			.thenComparing(Map.Entry::getKey));
		return table;
	}

	void write(ResultQueries queries, Map<String, Map<String, Long>> topics, List<String> labels,
			String negativeLabel) {
		List<Map.Entry<String, Map<String, Long>>> table = ranked(topics, negativeLabel);
		int negativeColumn = labels.indexOf(negativeLabel) + 1;
		SentimentCounts.header(this.sheet.createRow(0), this.styles, "topic", labels);
		int r = 1;
		for (Map.Entry<String, Map<String, Long>> topic : table) {
			Row row = this.sheet.createRow(r++);
			this.styles.put(row.createCell(0), topic.getKey());
			SentimentCounts.counts(row, this.styles, topic.getValue(), labels, negativeLabel);
		}
		this.sheet.setColumnWidth(0, 14 * 256);
		this.sheet.setColumnWidth(labels.size() + 2, 15 * 256);
		this.sheet.createFreezePane(1, 1);
		if (!table.isEmpty() && negativeColumn > 0) {
			negativeBars(table.size(), negativeColumn, labels.size() + 4);
		}
		quotes(queries, table, negativeLabel, Math.max(r + 1, 19));
	}

	/** Up to three negative quotes per topic, from {@code firstRow} down. */
	private void quotes(ResultQueries queries, List<Map.Entry<String, Map<String, Long>>> table, String negativeLabel,
			int firstRow) {
		int r = firstRow;
		Row heading = this.sheet.createRow(r++);
		this.styles.put(heading.createCell(0), "What unhappy customers say, per topic (most confident first)");
		heading.getCell(0).setCellStyle(this.styles.header);
		Row header = this.sheet.createRow(r++);
		String[] titles = { "topic", "id", "date", "confidence", "comment" };
		for (int c = 0; c < titles.length; c++) {
			this.styles.put(header.createCell(c), titles[c]);
			header.getCell(c).setCellStyle(this.styles.header);
		}
		for (Map.Entry<String, Map<String, Long>> topic : table) {
			Set<String> texts = new HashSet<>();
			List<Object[]> picked = new ArrayList<>();
			// more than three are read: duplicates of a text are skipped
			queries.eachLabelled(TASK, topic.getKey(), negativeLabel, 50, (result) -> {
				if (picked.size() < QUOTES_PER_TOPIC && texts.add(result.text())) {
					picked.add(new Object[] { topic.getKey(), result.id(), TrendDates.day(result.commentDate()),
							result.confidence(), quote(result.text()) });
				}
			});
			for (Object[] values : picked) {
				Row row = this.sheet.createRow(r++);
				for (int c = 0; c < values.length; c++) {
					if (values[c] instanceof java.time.LocalDate day) {
						row.createCell(c).setCellValue(day);
						row.getCell(c).setCellStyle(this.styles.date);
					}
					else {
						this.styles.put(row.createCell(c), values[c]);
					}
				}
				// the comment spans the columns to its right (the count table above
				// keeps its own widths)
				this.sheet
					.addMergedRegion(new CellRangeAddress(row.getRowNum(), row.getRowNum(), 4, QUOTE_LAST_COLUMN));
				row.setHeightInPoints(RowHeights.points(String.valueOf(values[4]), QUOTE_WIDTH_CHARS));
			}
		}
		this.sheet.addMergedRegion(new CellRangeAddress(firstRow + 1, firstRow + 1, 4, QUOTE_LAST_COLUMN));
		this.sheet.setColumnWidth(1, Math.max(this.sheet.getColumnWidth(1), 12 * 256));
		this.sheet.setColumnWidth(2, Math.max(this.sheet.getColumnWidth(2), 12 * 256));
		this.sheet.setColumnWidth(3, Math.max(this.sheet.getColumnWidth(3), 11 * 256));
	}

	/** A quote spans columns 4..10, about this many characters wide. */
	private static final int QUOTE_LAST_COLUMN = 10;

	private static final int QUOTE_WIDTH_CHARS = 64;

	/** At most {@link #QUOTE_CHARS} characters, cut with an ellipsis. */
	static String quote(String text) {
		return text.length() <= QUOTE_CHARS ? text : text.substring(0, QUOTE_CHARS - 1) + "…";
	}

	/** Horizontal bars of the negative column, the most on top as in the table. */
	private void negativeBars(int topics, int column, int chartColumn) {
		new RankedBars("Negative comments per topic", "topic", "negative comments", null).draw(this.sheet, topics,
				column, chartColumn, chartColumn + 9, 17);
	}

}
