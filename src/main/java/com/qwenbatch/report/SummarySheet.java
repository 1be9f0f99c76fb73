package com.qwenbatch.report;

import java.util.Map;

import com.qwenbatch.store.ResultQueries;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/**
 * Totals, the distribution with a doughnut chart over its count cells, and what produced
 * it.
 */
final class SummarySheet {

	/** Rows 4.. hold the distribution table: label | count | share. */
	static final int DISTRIBUTION_FIRST_ROW = 4;

	/** The model id of the tiny random demo model. */
	static final String DEMO_MODEL = "demo";

	static final String DEMO_BANNER = "DEMO MODEL: random weights — these labels, replies and summaries are meaningless";

	private final XSSFSheet sheet;

	private final SentimentReport.Styles styles;

	private int next;

	SummarySheet(XSSFSheet sheet, SentimentReport.Styles styles) {
		this.sheet = sheet;
		this.styles = styles;
	}

	/** counts: sentiment -> comments, from one GROUP BY; the total is their sum. */
	long write(ResultQueries queries, Map<String, Long> counts, String negative, double reviewThreshold) {
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		row("Sentiment report", null, null).getCell(0).setCellStyle(this.styles.header);
		row("Comments analysed", total, null);
		if (queries.distinct("model_id").contains(DEMO_MODEL)) {
			Row banner = row(DEMO_BANNER, null, null); // the row between the totals and
														// the distribution
			for (int i = 0; i < 3; i++) {
				banner.getCell(i).setCellStyle(this.styles.warning);
			}
		}
		this.next = DISTRIBUTION_FIRST_ROW - 1;
		header("sentiment", "comments", "share");
		for (Map.Entry<String, Long> e : counts.entrySet()) {
			Row r = row(e.getKey(), e.getValue(), total == 0 ? 0.0 : (double) e.getValue() / total);
			r.getCell(2).setCellStyle(this.styles.percent);
		}
		int lastDistributionRow = this.next - 1;
		this.next++;
		long negatives = counts.getOrDefault(negative, 0L);
		row("Negative rate", null, total == 0 ? 0.0 : (double) negatives / total).getCell(2)
			.setCellStyle(this.styles.percent);
		row("Average confidence", null, queries.averageConfidence()).getCell(2).setCellStyle(this.styles.decimal);
		row("For review (below " + reviewThreshold + ")", queries.countBelowConfidence(reviewThreshold), null);
		this.next++;
		header("run information", "", "");
		row("Models", String.join(", ", queries.distinct("model_id")), null);
		row("Prompt versions (sentiment+task)", String.join(", ", queries.distinct("prompt_version")), null);
		String[] days = queries.dayRange();
		row("Comment dates", days[0] == null ? "" : days[0] + " .. " + days[1], null);
		row("Rows rejected", queries.rejected(), null);
		this.sheet.setColumnWidth(0, 34 * 256);
		this.sheet.setColumnWidth(1, 40 * 256);
		this.sheet.setColumnWidth(2, 12 * 256);
		if (!counts.isEmpty()) {
			doughnut(DISTRIBUTION_FIRST_ROW, lastDistributionRow);
		}
		return total;
	}

	private void doughnut(int firstRow, int lastRow) {
		XSSFDrawing drawing = this.sheet.createDrawingPatriarch();
		XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, 4, 1, 12, 20));
		chart.setTitleText("Sentiment distribution");
		chart.setTitleOverlay(false);
		chart.getOrAddLegend().setPosition(LegendPosition.RIGHT);
		XDDFDataSource<String> labels = XDDFDataSourcesFactory.fromStringCellRange(this.sheet,
				new CellRangeAddress(firstRow, lastRow, 0, 0));
		XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromNumericCellRange(this.sheet,
				new CellRangeAddress(firstRow, lastRow, 1, 1));
		XDDFChartData data = chart.createData(ChartTypes.DOUGHNUT, null, null);
		data.setVaryColors(true);
		XDDFChartData.Series series = data.addSeries(labels, values);
		series.setTitle("comments", null);
		for (int i = 0; i <= lastRow - firstRow; i++) {
			series.getDataPoint(i).setFillProperties(ChartColors.fill(i));
		}
		chart.plot(data);
	}

	private void header(String... titles) {
		Row r = this.sheet.createRow(this.next++);
		for (int i = 0; i < titles.length; i++) {
			r.createCell(i).setCellValue(titles[i]);
			r.getCell(i).setCellStyle(this.styles.header);
		}
	}

	private Row row(String label, Object value, Object share) {
		Row r = this.sheet.createRow(this.next++);
		for (int i = 0; i < 3; i++) {
			r.createCell(i);
		}
		this.styles.put(r.getCell(0), label);
		this.styles.put(r.getCell(1), value);
		this.styles.put(r.getCell(2), share);
		return r;
	}

}
