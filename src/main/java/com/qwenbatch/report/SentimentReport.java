package com.qwenbatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.store.ResultQueries;
import com.qwenbatch.store.ResultRow;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The marketing workbook, sheets in a fixed order other tools read: Summary (the
 * briefing: period, key figures against the previous period, distribution, top topics),
 * Topics (only when topic labels exist), Trend (per day, or per week over 31 days), By
 * channel, Negative (the support lead's list), Review (least confident first), All
 * results and Rejected. The small sheets are regular XSSF sheets (charts need them); the
 * data sheets stream through SXSSF, so a million rows are written in bounded memory. No
 * cell holds a formula.
 */
public final class SentimentReport {

	static final int NEGATIVE_ROWS = 1000;

	/** At most this many rows on the Review sheet (the least confident first). */
	static final int REVIEW_ROWS = 5000;

	static final String[] RESULT_HEADER = { "id", "comment_date", "channel", "sentiment", "confidence", "text", "reply",
			"summary", "task", "task_output", "stop_reason", "source", "model_id", "model_precision", "prompt_version",
			"tokens_in", "tokens_out", "latency_ms", "job_execution_id" };

	/** All results prints its first columns, id … summary: the ones people read. */
	static final int RESULT_PRINTED_COLUMNS = 8;

	/**
	 * Rows of Review, All results and Rejected are at most this many lines tall (the text
	 * wraps inside the cell): the sample's 208 rows print on a few pages. Negative keeps
	 * whole replies: the support lead reads them.
	 */
	static final int MAX_LINES = 3;

	/** Follows a reply that was cut at the token limit, so nobody sends it as it is. */
	static final String CUT_MARK = " …[cut at the token limit]";

	private final DataSource dataSource;

	public SentimentReport(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Writes the workbook without the model's topic sentences and returns how many result
	 * rows it holds.
	 */
	public long write(ReportRequest request) {
		return write(request, null);
	}

	/**
	 * Writes the workbook, with one sentence per topic from {@code topicWriter} (null:
	 * none, and the footnote says so), and returns how many result rows it holds.
	 */
	public long write(ReportRequest request, TopicWriter topicWriter) {
		ResultQueries queries = new ResultQueries(this.dataSource, new ResultQueries.Filter(request.fromDay(),
				request.toDay(), request.jobExecutionId(), request.source()));
		XSSFWorkbook base = new XSSFWorkbook();
		Styles styles = new Styles(base);
		Map<String, Long> counts = queries.bySentiment(request.labels());
		String[] range = queries.dayRange();
		String from = request.fromDay() != null ? request.fromDay() : range[0];
		String to = request.toDay() != null ? request.toDay() : range[1];
		SummarySheet.Periods periods = SummarySheet.Periods.of(from, to);
		Map<String, Map<String, Long>> topicCounts = queries.labelsBySentiment(TopicsSheet.TASK);
		TopicChanges topics = topicCounts.isEmpty() ? null : new TopicChanges(topicCounts,
				previousTopics(queries, periods, request), request.negativeLabel(), request.topicCatchAll());
		TopicSentences sentences = topics == null || topicWriter == null ? TopicSentences.notWritten()
				: TopicSentences.write(topicWriter, queries, topics);
		XSSFSheet summary = base.createSheet("Summary");
		List<String> labels = new ArrayList<>(counts.keySet());
		if (topics != null) {
			new TopicsSheet(base.createSheet("Topics"), styles).write(queries, topics, labels, sentences);
		}
		long total = new SummarySheet(summary, styles).write(queries, counts, topics, sentences, request, from, to,
				periods);
		Map<String, Map<String, Long>> days = queries.byGroup(ResultQueries.DAY);
		boolean weekly = TrendDates.weekly(TrendDates.day(range[0]), TrendDates.day(range[1]));
		new BreakdownSheet(base.createSheet("Trend"), styles, weekly ? "week starting" : "day",
				weekly ? "Sentiment per week" : "Sentiment per day")
			.write(weekly ? TrendDates.byWeek(days) : days, labels, request.negativeLabel(),
					BreakdownSheet.Order.BY_DATE);
		new BreakdownSheet(base.createSheet("By channel"), styles, "channel", "Sentiment per channel")
			.write(queries.byGroup("channel"), labels, request.negativeLabel(), BreakdownSheet.Order.BY_NEGATIVE_SHARE);
		SXSSFWorkbook workbook = new SXSSFWorkbook(base, 200);
		workbook.setCompressTempFiles(true);
		try {
			// styles belong to the base workbook, which the streaming wrapper shares
			writeNegative(workbook.createSheet("Negative"), styles, queries, request.negativeLabel());
			writeReview(workbook.createSheet("Review"), styles, queries, request.reviewThreshold());
			writeResults(workbook.createSheet("All results"), styles, queries);
			writeRejected(workbook.createSheet("Rejected"), styles, queries);
			for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
				Sheet sheet = workbook.getSheetAt(i);
				printOnePageWide(sheet);
				if (sheet.getSheetName().equals("All results")) {
					// printed: the columns people read (id … summary); the rest stays in
					// the file
					workbook.setPrintArea(i, 0, RESULT_PRINTED_COLUMNS - 1, 0, sheet.getLastRowNum());
				}
				if (sheet.getSheetName().equals("All results") || sheet.getSheetName().equals("Rejected")) {
					sheet.setRepeatingRows(new CellRangeAddress(0, 0, -1, -1));
				}
			}
			AtomicFile.write(request.out(), workbook::write);
			return total;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write report " + request.out(), ex);
		}
		finally {
			workbook.dispose();
			try {
				workbook.close();
			}
			catch (IOException ex) {
				// the file is already written; nothing more to release
			}
		}
	}

	/**
	 * The topics of the previous period (topic -> sentiment -> comments), or null when
	 * that period has no results at all ("no earlier data").
	 */
	private static Map<String, Map<String, Long>> previousTopics(ResultQueries queries, SummarySheet.Periods periods,
			ReportRequest request) {
		if (periods == null) {
			return null;
		}
		ResultQueries before = queries.forDays(periods.previousFrom().toString(), periods.previousTo().toString());
		boolean any = before.bySentiment(request.labels()).values().stream().anyMatch((n) -> n > 0);
		return any ? before.labelsBySentiment(TopicsSheet.TASK) : null;
	}

	/**
	 * Landscape A4, one page wide: printed or exported to PDF, charts and columns are not
	 * cut.
	 */
	private static void printOnePageWide(Sheet sheet) {
		sheet.setFitToPage(true);
		sheet.getPrintSetup().setPaperSize(org.apache.poi.ss.usermodel.PrintSetup.A4_PAPERSIZE);
		sheet.getPrintSetup().setLandscape(true);
		sheet.getPrintSetup().setFitWidth((short) 1);
		sheet.getPrintSetup().setFitHeight((short) 0);
	}

	private void writeNegative(SXSSFSheet sheet, Styles styles, ResultQueries queries, String negativeLabel) {
		String[] header = { "confidence", "text", "suggested reply", "channel", "comment_date", "source", "id" };
		Table table = new Table(sheet, styles, header, new int[] { 11, 50, 50, 12, 12, 16, 12 });
		queries.eachWithLabel(negativeLabel, NEGATIVE_ROWS, (r) -> table.row(r.confidence(), r.text(),
				suggestedReply(r), r.channel(), dateCell(r.commentDate()), r.source(), r.id()));
		table.finish();
	}

	private static String suggestedReply(ResultRow r) {
		return r.output() != null && Analysis.CUT_AT_LIMIT.equals(r.stopReason()) ? r.output() + CUT_MARK : r.output();
	}

	/** The least confident labels first, for a person to check. */
	private void writeReview(SXSSFSheet sheet, Styles styles, ResultQueries queries, double threshold) {
		String[] header = { "confidence", "sentiment", "text", "channel", "comment_date", "source", "id" };
		Table table = new Table(sheet, styles, header, new int[] { 11, 10, 70, 12, 12, 16, 12 }, MAX_LINES);
		queries.eachBelowConfidence(threshold, REVIEW_ROWS, (r) -> table.row(r.confidence(), r.sentiment(), r.text(),
				r.channel(), dateCell(r.commentDate()), r.source(), r.id()));
		table.finish();
	}

	private void writeResults(SXSSFSheet sheet, Styles styles, ResultQueries queries) {
		Table table = new Table(sheet, styles, RESULT_HEADER,
				new int[] { 12, 13, 10, 10, 11, 50, 50, 40, 10, 16, 11, 18, 24, 10, 22, 10, 10, 10, 10 }, MAX_LINES);
		queries.eachResult((r) -> table.row(r.id(), dateCell(r.commentDate()), r.channel(), r.sentiment(),
				r.confidence(), r.text(), r.reply(), r.summary(), r.task(), r.output(), r.stopReason(), r.source(),
				r.modelId(), r.modelPrecision(), r.promptVersion(), r.tokensIn(), r.tokensOut(), r.latencyMs(),
				r.jobExecutionId()));
		table.finish();
	}

	private void writeRejected(SXSSFSheet sheet, Styles styles, ResultQueries queries) {
		String[] header = { "source", "line", "id", "reason", "raw", "job_execution_id" };
		Table table = new Table(sheet, styles, header, new int[] { 18, 8, 18, 50, 60, 10 }, MAX_LINES);
		queries.eachRejected((r) -> table.row(r.source(), r.line(), r.id(), r.reason(), r.raw(), r.jobExecutionId()));
		table.finish();
	}

	/**
	 * A comment's date as a real date cell (Excel sorts, filters and groups it), or the
	 * text as it came when it is not a date.
	 */
	static Object dateCell(String commentDate) {
		java.time.LocalDate day = TrendDates.day(commentDate);
		return day != null ? day : commentDate;
	}

	/**
	 * A data sheet: bold frozen header, autofilter, fixed widths, wrapped text, safe
	 * cells, each row as tall as its longest wrapped text needs (estimated), up to
	 * {@code maxLines} lines when that is positive (longer text wraps inside the cell).
	 */
	static final class Table {

		private final Sheet sheet;

		private final Styles styles;

		private final int columns;

		private final int[] widths;

		private int next = 1;

		private final int maxLines;

		Table(Sheet sheet, Styles styles, String[] header, int[] widths) {
			this(sheet, styles, header, widths, 0);
		}

		Table(Sheet sheet, Styles styles, String[] header, int[] widths, int maxLines) {
			this.maxLines = maxLines;
			this.sheet = sheet;
			this.styles = styles;
			this.columns = header.length;
			this.widths = widths.clone();
			Row row = sheet.createRow(0);
			for (int i = 0; i < header.length; i++) {
				Cell cell = row.createCell(i);
				cell.setCellValue(header[i]);
				cell.setCellStyle(styles.header);
				sheet.setColumnWidth(i, Math.min(255, widths[i]) * 256);
			}
			sheet.createFreezePane(0, 1);
		}

		void row(Object... values) {
			Row row = this.sheet.createRow(this.next++);
			int lines = 1;
			for (int i = 0; i < values.length; i++) {
				this.styles.put(row.createCell(i), values[i]);
				if (values[i] instanceof String text) {
					lines = Math.max(lines, RowHeights.lines(text, this.widths[i]));
				}
			}
			if (this.maxLines > 0) {
				lines = Math.min(lines, this.maxLines);
			}
			if (lines > 1) {
				row.setHeightInPoints(lines * RowHeights.LINE_POINTS);
			}
		}

		void finish() {
			this.sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, this.next - 1), 0, this.columns - 1));
		}

	}

	/** Cell styles, created once per workbook. */
	static final class Styles {

		final CellStyle header;

		final CellStyle text;

		final CellStyle quoted;

		final CellStyle percent;

		final CellStyle decimal;

		/** Bold dark red on a pale red fill: the demo-model banner. */
		final CellStyle warning;

		/** A whole number. */
		final CellStyle number;

		/** A real date cell shown as yyyy-mm-dd (Excel can group and filter it). */
		final CellStyle date;

		/** Large and bold: a sheet's heading. */
		final CellStyle title;

		/** Small grey text: the footnote of what produced the numbers. */
		final CellStyle small;

		/** A change against the previous period, right-aligned. */
		final CellStyle change;

		Styles(XSSFWorkbook workbook) {
			this.header = headerStyle(workbook);
			this.text = wrapped(workbook, false);
			this.quoted = wrapped(workbook, true);
			this.percent = format(workbook, "0.0%");
			this.decimal = format(workbook, "0.000");
			this.number = format(workbook, "General");
			this.warning = warningStyle(workbook);
			this.date = format(workbook, "yyyy-mm-dd");
			this.title = fontStyle(workbook, true, (short) 16, org.apache.poi.ss.usermodel.IndexedColors.BLACK);
			this.small = fontStyle(workbook, false, (short) 8,
					org.apache.poi.ss.usermodel.IndexedColors.GREY_50_PERCENT);
			this.change = workbook.createCellStyle();
			this.change.setAlignment(org.apache.poi.ss.usermodel.HorizontalAlignment.RIGHT);
			this.change.setVerticalAlignment(org.apache.poi.ss.usermodel.VerticalAlignment.TOP);
		}

		private static CellStyle fontStyle(XSSFWorkbook workbook, boolean bold, short points,
				org.apache.poi.ss.usermodel.IndexedColors color) {
			CellStyle style = workbook.createCellStyle();
			Font font = workbook.createFont();
			font.setBold(bold);
			font.setFontHeightInPoints(points);
			font.setColor(color.getIndex());
			style.setFont(font);
			return style;
		}

		private static CellStyle warningStyle(XSSFWorkbook workbook) {
			CellStyle style = workbook.createCellStyle();
			Font font = workbook.createFont();
			font.setBold(true);
			font.setColor(org.apache.poi.ss.usermodel.IndexedColors.DARK_RED.getIndex());
			style.setFont(font);
			style.setFillForegroundColor(org.apache.poi.ss.usermodel.IndexedColors.ROSE.getIndex());
			style.setFillPattern(org.apache.poi.ss.usermodel.FillPatternType.SOLID_FOREGROUND);
			return style;
		}

		private static CellStyle headerStyle(XSSFWorkbook workbook) {
			CellStyle style = workbook.createCellStyle();
			Font bold = workbook.createFont();
			bold.setBold(true);
			style.setFont(bold);
			return style;
		}

		private static CellStyle wrapped(XSSFWorkbook workbook, boolean quotePrefix) {
			CellStyle style = workbook.createCellStyle();
			style.setWrapText(true);
			style.setVerticalAlignment(org.apache.poi.ss.usermodel.VerticalAlignment.TOP);
			style.setQuotePrefixed(quotePrefix);
			return style;
		}

		/**
		 * A number format, top-aligned like the wrapped text: in a tall row a number at
		 * the bottom reads as belonging to the next row.
		 */
		private static CellStyle format(XSSFWorkbook workbook, String pattern) {
			CellStyle style = workbook.createCellStyle();
			style.setDataFormat(workbook.createDataFormat().getFormat(pattern));
			style.setVerticalAlignment(org.apache.poi.ss.usermodel.VerticalAlignment.TOP);
			return style;
		}

		/**
		 * Numbers stay numbers; everything else is a string cell, quote-prefixed when it
		 * looks like a formula.
		 */
		void put(Cell cell, Object value) {
			if (value == null) {
				return;
			}
			if (value instanceof java.time.LocalDate day) {
				cell.setCellValue(day);
				cell.setCellStyle(this.date);
			}
			else if (value instanceof Double || value instanceof Float) {
				cell.setCellValue(((Number) value).doubleValue());
				cell.setCellStyle(this.decimal);
			}
			else if (value instanceof Number n) {
				cell.setCellValue(n.doubleValue());
				cell.setCellStyle(this.number);
			}
			else {
				String text = SafeText.fit(String.valueOf(value));
				cell.setCellValue(text);
				cell.setCellStyle(SafeText.looksLikeFormula(text) ? this.quoted : this.text);
			}
		}

	}

}
