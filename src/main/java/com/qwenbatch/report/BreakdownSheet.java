package com.qwenbatch.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.BarGrouping;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTCatAx;
import org.openxmlformats.schemas.drawingml.x2006.main.CTTextBody;
import org.openxmlformats.schemas.drawingml.x2006.main.CTTextBodyProperties;
import org.openxmlformats.schemas.drawingml.x2006.main.STTextVerticalType;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/**
 * A table of counts per group (day, week or channel) and sentiment with the total and the
 * negative share, and a stacked column chart. Dated groups are real date cells, and their
 * chart carries the negative share as a line on a second axis; groups ranked by their
 * negative share also get a bar chart of it.
 */
final class BreakdownSheet {

	private final XSSFSheet sheet;

	private final SentimentReport.Styles styles;

	private final String groupName;

	private final String title;

	BreakdownSheet(XSSFSheet sheet, SentimentReport.Styles styles, String groupName, String title) {
		this.sheet = sheet;
		this.styles = styles;
		this.groupName = groupName;
		this.title = title;
	}

	/**
	 * How the groups are listed: dates in order (days or weeks, as date cells), or by
	 * negative share, highest first.
	 */
	enum Order {

		BY_DATE, BY_NEGATIVE_SHARE

	}

	void write(Map<String, Map<String, Long>> groups, List<String> labels, String negativeLabel, Order order) {
		List<Map.Entry<String, Map<String, Long>>> table = new ArrayList<>(groups.entrySet());
		if (order == Order.BY_NEGATIVE_SHARE) {
			table.sort(
					Comparator
						.comparingDouble((Map.Entry<String, Map<String, Long>> g) -> -SentimentCounts
							.negativeShare(g.getValue(), negativeLabel))
						.thenComparing(Map.Entry::getKey));
		}
		SentimentCounts.header(this.sheet.createRow(0), this.styles, this.groupName, labels);
		int r = 1;
		for (Map.Entry<String, Map<String, Long>> group : table) {
			Row row = this.sheet.createRow(r++);
			java.time.LocalDate date = order == Order.BY_DATE ? TrendDates.day(group.getKey()) : null;
			if (date != null) {
				row.createCell(0).setCellValue(date);
				row.getCell(0).setCellStyle(this.styles.date);
			}
			else {
				this.styles.put(row.createCell(0), group.getKey());
			}
			SentimentCounts.counts(row, this.styles, group.getValue(), labels, negativeLabel);
		}
		this.sheet.setColumnWidth(0, 16 * 256);
		this.sheet.setColumnWidth(labels.size() + 2, 15 * 256);
		this.sheet.createFreezePane(1, 1);
		if (!table.isEmpty()) {
			XSSFChart chart = stackedColumns(table.size(), labels, order == Order.BY_DATE);
			if (order == Order.BY_DATE) {
				negativeShareLine(chart, table.size(), labels.size() + 2);
			}
			else {
				ChartLabels.showValues(chart);
			}
			if (order == Order.BY_NEGATIVE_SHARE) {
				negativeShareBars(table.size(), labels.size() + 2);
			}
		}
	}

	/** Horizontal bars of the negative share column, in the table's order. */
	private void negativeShareBars(int groups, int column) {
		new RankedBars("Negative share per " + this.groupName, this.groupName,
				"share of the " + this.groupName + "'s comments", "0%")
			.draw(this.sheet, groups, column, column + 15, column + 25, 24);
	}

	/**
	 * The negative share per date as a line on a second value axis (right, 0–100 %), over
	 * the stacked counts.
	 */
	private void negativeShareLine(XSSFChart chart, int groups, int column) {
		XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
		x.setVisible(false);
		XDDFValueAxis y = chart.createValueAxis(AxisPosition.RIGHT);
		y.setTitle("negative share");
		y.setNumberFormat("0%");
		y.setMinimum(0);
		y.setCrosses(AxisCrosses.MAX);
		x.crossAxis(y);
		y.crossAxis(x);
		XDDFLineChartData line = (XDDFLineChartData) chart.createData(ChartTypes.LINE, x, y);
		var series = (XDDFLineChartData.Series) line.addSeries(
				XDDFDataSourcesFactory.fromNumericCellRange(this.sheet, new CellRangeAddress(1, groups, 0, 0)),
				XDDFDataSourcesFactory.fromNumericCellRange(this.sheet,
						new CellRangeAddress(1, groups, column, column)));
		series.setTitle("negative share", new CellReference(this.sheet.getSheetName(), 0, column, true, true));
		series.setSmooth(false);
		series.setMarkerStyle(MarkerStyle.CIRCLE);
		XDDFLineProperties stroke = new XDDFLineProperties(ChartColors.fill(3));
		stroke.setWidth(2.25);
		series.setLineProperties(stroke);
		chart.plot(line);
	}

	private XSSFChart stackedColumns(int groups, List<String> labels, boolean dated) {
		XSSFDrawing drawing = this.sheet.createDrawingPatriarch();
		XSSFChart chart = drawing
			.createChart(drawing.createAnchor(0, 0, 0, 0, labels.size() + 4, 1, labels.size() + 16, 24));
		chart.setTitleText(this.title);
		chart.setTitleOverlay(false);
		chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
		XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
		x.setTitle(this.groupName);
		if (dated) {
			x.setNumberFormat("mm-dd");
		}
		XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
		y.setTitle("comments");
		y.setCrosses(AxisCrosses.AUTO_ZERO);
		XDDFBarChartData bars = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
		bars.setBarDirection(BarDirection.COL);
		bars.setBarGrouping(BarGrouping.STACKED);
		CellRangeAddress groupCells = new CellRangeAddress(1, groups, 0, 0);
		XDDFDataSource<?> categories = dated ? XDDFDataSourcesFactory.fromNumericCellRange(this.sheet, groupCells)
				: XDDFDataSourcesFactory.fromStringCellRange(this.sheet, groupCells);
		for (int c = 0; c < labels.size(); c++) {
			var values = XDDFDataSourcesFactory.fromNumericCellRange(this.sheet,
					new CellRangeAddress(1, groups, c + 1, c + 1));
			var series = bars.addSeries(categories, values);
			series.setTitle(labels.get(c), new CellReference(this.sheet.getSheetName(), 0, c + 1, true, true));
			series.setFillProperties(ChartColors.fill(c));
		}
		chart.plot(bars);
		if (dated) {
			slantCategoryLabels(chart);
		}
		return chart;
	}

	/**
	 * Date labels at 45°: upright, a month of them wraps into two lines each and crowds
	 * the axis.
	 */
	private static void slantCategoryLabels(XSSFChart chart) {
		for (CTCatAx axis : chart.getCTChart().getPlotArea().getCatAxList()) {
			CTTextBody text = axis.isSetTxPr() ? axis.getTxPr() : axis.addNewTxPr();
			CTTextBodyProperties body = (text.getBodyPr() != null) ? text.getBodyPr() : text.addNewBodyPr();
			body.setRot(-2_700_000); // 1/60000 of a degree
			body.setVert(STTextVerticalType.HORZ);
			if (!text.isSetLstStyle()) {
				text.addNewLstStyle();
			}
			if (text.sizeOfPArray() == 0) {
				text.addNewP().addNewPPr().addNewDefRPr();
			}
		}
	}

}
