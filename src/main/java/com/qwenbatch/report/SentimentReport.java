package com.qwenbatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.store.ResultQueries;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The marketing workbook: Summary (with a doughnut chart), Trend and By channel (stacked
 * column charts), Negative (the support lead's list), All results and Rejected. The three
 * small sheets are regular XSSF sheets (charts need them); the three data sheets stream
 * through SXSSF, so a million rows are written in bounded memory.
 */
public final class SentimentReport {

	static final int NEGATIVE_ROWS = 1000;

	/** At most this many rows on the Review sheet (the least confident first). */
	static final int REVIEW_ROWS = 5000;

	static final String[] RESULT_HEADER = { "source", "id", "comment_date", "channel", "sentiment", "confidence",
			"text", "reply", "summary", "task", "task_output", "stop_reason", "model_id", "prompt_version", "tokens_in",
			"tokens_out", "latency_ms", "job_execution_id" };

	/** Follows a reply that was cut at the token limit, so nobody sends it as it is. */
	static final String CUT_MARK = " …[cut at the token limit]";

	private final DataSource dataSource;

	public SentimentReport(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Writes the workbook and returns how many result rows it holds. */
	public long write(ReportRequest request) {
		ResultQueries queries = new ResultQueries(this.dataSource, new ResultQueries.Filter(request.fromDay(),
				request.toDay(), request.jobExecutionId(), request.source()));
		XSSFWorkbook base = new XSSFWorkbook();
		Styles styles = new Styles(base);
		Map<String, Long> counts = queries.bySentiment(request.labels());
		long total = new SummarySheet(base.createSheet("Summary"), styles).write(queries, counts,
				request.negativeLabel(), request.reviewThreshold());
		List<String> labels = new ArrayList<>(counts.keySet());
		new BreakdownSheet(base.createSheet("Trend"), styles, "day", "Sentiment per day")
			.write(queries.byGroup(ResultQueries.DAY), labels, request.negativeLabel(), BreakdownSheet.Order.AS_GIVEN);
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
				printOnePageWide(workbook.getSheetAt(i));
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
	 * Landscape, one page wide: printed or exported to PDF, charts and columns are not
	 * cut.
	 */
	private static void printOnePageWide(Sheet sheet) {
		sheet.setFitToPage(true);
		sheet.getPrintSetup().setLandscape(true);
		sheet.getPrintSetup().setFitWidth((short) 1);
		sheet.getPrintSetup().setFitHeight((short) 0);
	}

	private void writeNegative(SXSSFSheet sheet, Styles styles, ResultQueries queries, String negativeLabel) {
		String[] header = { "confidence", "text", "suggested reply", "channel", "comment_date", "source", "id" };
		Table table = new Table(sheet, styles, header, new int[] { 12, 60, 60, 14, 20, 18, 16 });
		queries.eachWithLabel(negativeLabel, NEGATIVE_ROWS,
				(rs) -> table.row(rs.getDouble("confidence"), rs.getString("text"), suggestedReply(rs),
						rs.getString("channel"), rs.getString("comment_date"), rs.getString("source"),
						rs.getString("id")));
		table.finish();
	}

	private static String suggestedReply(ResultSet rs) throws SQLException {
		String reply = rs.getString("reply") != null ? rs.getString("reply") : rs.getString("task_output");
		return reply != null && Analysis.CUT_AT_LIMIT.equals(rs.getString("stop_reason")) ? reply + CUT_MARK : reply;
	}

	/** The least confident labels first, for a person to check. */
	private void writeReview(SXSSFSheet sheet, Styles styles, ResultQueries queries, double threshold) {
		String[] header = { "confidence", "sentiment", "text", "channel", "comment_date", "source", "id" };
		Table table = new Table(sheet, styles, header, new int[] { 12, 10, 70, 14, 20, 18, 16 });
		queries.eachBelowConfidence(threshold, REVIEW_ROWS, (rs) -> table.row(values(rs, header)));
		table.finish();
	}

	private void writeResults(SXSSFSheet sheet, Styles styles, ResultQueries queries) {
		Table table = new Table(sheet, styles, RESULT_HEADER,
				new int[] { 18, 16, 20, 14, 10, 11, 60, 60, 40, 10, 20, 12, 28, 22, 10, 10, 10, 10 });
		queries.eachResult((rs) -> table.row(values(rs, RESULT_HEADER)));
		table.finish();
	}

	private void writeRejected(SXSSFSheet sheet, Styles styles, ResultQueries queries) {
		String[] header = { "source", "line", "id", "reason", "raw", "job_execution_id" };
		Table table = new Table(sheet, styles, header, new int[] { 18, 8, 18, 50, 60, 10 });
		queries.eachRejected((rs) -> table.row(values(rs, header)));
		table.finish();
	}

	private static Object[] values(ResultSet rs, String[] columns) throws SQLException {
		Object[] values = new Object[columns.length];
		for (int i = 0; i < columns.length; i++) {
			values[i] = rs.getObject(columns[i]);
		}
		return values;
	}

	/**
	 * A data sheet: bold frozen header, autofilter, fixed widths, wrapped text, safe
	 * cells.
	 */
	static final class Table {

		private final Sheet sheet;

		private final Styles styles;

		private final int columns;

		private int next = 1;

		Table(Sheet sheet, Styles styles, String[] header, int[] widths) {
			this.sheet = sheet;
			this.styles = styles;
			this.columns = header.length;
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
			for (int i = 0; i < values.length; i++) {
				this.styles.put(row.createCell(i), values[i]);
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

		private Styles(CellStyle header, CellStyle text, CellStyle quoted, CellStyle percent, CellStyle decimal,
				CellStyle warning) {
			this.header = header;
			this.text = text;
			this.quoted = quoted;
			this.percent = percent;
			this.decimal = decimal;
			this.warning = warning;
		}

		Styles(XSSFWorkbook workbook) {
			this(headerStyle(workbook), wrapped(workbook, false), wrapped(workbook, true), format(workbook, "0.0%"),
					format(workbook, "0.000"), warningStyle(workbook));
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
			style.setQuotePrefixed(quotePrefix);
			return style;
		}

		private static CellStyle format(XSSFWorkbook workbook, String pattern) {
			CellStyle style = workbook.createCellStyle();
			style.setDataFormat(workbook.createDataFormat().getFormat(pattern));
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
			if (value instanceof Double || value instanceof Float) {
				cell.setCellValue(((Number) value).doubleValue());
				cell.setCellStyle(this.decimal);
			}
			else if (value instanceof Number n) {
				cell.setCellValue(n.doubleValue());
			}
			else {
				String text = SafeText.fit(String.valueOf(value));
				cell.setCellValue(text);
				cell.setCellStyle(SafeText.looksLikeFormula(text) ? this.quoted : this.text);
			}
		}

	}

}
