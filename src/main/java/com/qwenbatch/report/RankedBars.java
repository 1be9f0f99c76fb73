package com.qwenbatch.report;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisOrientation;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/**
 * A horizontal bar chart of one column of a ranked table (rows 1..n, names in column A),
 * the first row on top as in the table, in the negative colour, with data labels.
 *
 * @param title the chart's title
 * @param categoryTitle the axis of names
 * @param valueTitle the axis of values
 * @param numberFormat the values' format, or null for plain numbers
 */
record RankedBars(String title, String categoryTitle, String valueTitle, String numberFormat) {

	/** Draws the bars of {@code column} for table rows 1..{@code rows} at the anchor. */
	void draw(XSSFSheet sheet, int rows, int column, int fromColumn, int toColumn, int toRow) {
		XSSFDrawing drawing = sheet.createDrawingPatriarch();
		XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, fromColumn, 1, toColumn, toRow));
		chart.setTitleText(this.title);
		chart.setTitleOverlay(false);
		XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.LEFT);
		x.setTitle(this.categoryTitle);
		x.setOrientation(AxisOrientation.MAX_MIN);
		XDDFValueAxis y = chart.createValueAxis(AxisPosition.BOTTOM);
		y.setTitle(this.valueTitle);
		y.setCrosses(AxisCrosses.AUTO_ZERO);
		if (this.numberFormat != null) {
			y.setNumberFormat(this.numberFormat);
		}
		XDDFBarChartData bars = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
		bars.setBarDirection(BarDirection.BAR);
		var series = bars.addSeries(
				XDDFDataSourcesFactory.fromStringCellRange(sheet, new CellRangeAddress(1, rows, 0, 0)),
				XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(1, rows, column, column)));
		series.setTitle(sheet.getRow(0).getCell(column).getStringCellValue(),
				new CellReference(sheet.getSheetName(), 0, column, true, true));
		series.setFillProperties(ChartColors.fill(1));
		chart.plot(bars);
		ChartLabels.showValues(chart);
	}

}
