package com.qwenbatch.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.store.ResultQueries;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/**
 * Why customers are unhappy: topic × sentiment counts, ranked by negative comments (the
 * catch-all last), each against the previous period and, when the report was built with a
 * model, with one sentence saying what the topic's negative comments complain about; a
 * bar chart of the negatives per topic; then for each topic up to three of its most
 * confident negative comments (distinct texts, cut to 200 characters) with id and date.
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

	private static final int SENTENCE_WIDTH = 60;

	/** The header of the column with the model's sentence per topic. */
	static final String SENTENCE_HEADER = "in one sentence";

	/**
	 * topic | label… | total | negative share | previous period | change [| in one
	 * sentence], the named topics by negative comments and the catch-all last; a bar
	 * chart of the negatives; the quotes. Without sentences (a report built without a
	 * model) their column is left out.
	 */
	void write(ResultQueries queries, TopicChanges topics, List<String> labels, TopicSentences sentences) {
		List<String> ranked = topics.ranked();
		int negativeColumn = labels.indexOf(topics.negative()) + 1;
		Row head = this.sheet.createRow(0);
		SentimentCounts.header(head, this.styles, "topic", labels);
		int previousColumn = labels.size() + 3;
		header(head, previousColumn, "previous period");
		header(head, previousColumn + 1, "change");
		if (sentences.written()) {
			header(head, previousColumn + 2, SENTENCE_HEADER);
		}
		int r = 1;
		for (String topic : ranked) {
			Row row = this.sheet.createRow(r++);
			this.styles.put(row.createCell(0), topic);
			SentimentCounts.counts(row, this.styles, topics.now().get(topic), labels, topics.negative());
			this.styles.put(row.createCell(previousColumn), topics.previousNegatives(topic));
			this.styles.put(row.createCell(previousColumn + 1), topics.change(topic));
			row.getCell(previousColumn + 1).setCellStyle(this.styles.change);
			if (sentences.written()) {
				this.styles.put(row.createCell(previousColumn + 2), sentences.shown(topic));
				row.setHeightInPoints(RowHeights.points(sentences.shown(topic), SENTENCE_WIDTH));
			}
		}
		this.sheet.setColumnWidth(0, 14 * 256);
		this.sheet.setColumnWidth(labels.size() + 2, 15 * 256);
		this.sheet.setColumnWidth(previousColumn, 15 * 256);
		this.sheet.setColumnWidth(previousColumn + 1, 16 * 256);
		this.sheet.setColumnWidth(previousColumn + 2, SENTENCE_WIDTH * 256);
		this.sheet.createFreezePane(1, 1);
		if (!ranked.isEmpty() && negativeColumn > 0) {
			// right of the table, its last column included
			negativeBars(ranked.size(), negativeColumn, previousColumn + (sentences.written() ? 4 : 3));
		}
		quotes(queries, ranked, topics.negative(), Math.max(r + 1, 19));
	}

	private void header(Row row, int column, String title) {
		this.styles.put(row.createCell(column), title);
		row.getCell(column).setCellStyle(this.styles.header);
	}

	/** Up to three negative quotes per topic, from {@code firstRow} down. */
	private void quotes(ResultQueries queries, List<String> topics, String negativeLabel, int firstRow) {
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
		for (String topic : topics) {
			Set<String> texts = new HashSet<>();
			List<Object[]> picked = new ArrayList<>();
			// more than three are read: duplicates of a text are skipped
			queries.eachLabelled(TASK, topic, negativeLabel, 50, (result) -> {
				if (picked.size() < QUOTES_PER_TOPIC && texts.add(result.text())) {
					picked.add(new Object[] { topic, result.id(), TrendDates.day(result.commentDate()),
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
