package com.qwenbatch.report;

import org.apache.poi.xssf.usermodel.XSSFChart;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTBarSer;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTDLbls;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTDoughnutChart;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTPieSer;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTPlotArea;

/**
 * Data labels on the bars and doughnut slices of a chart (values on bars, percentages on
 * slices), so a printed page shows the numbers without the table next to it.
 */
final class ChartLabels {

	private ChartLabels() {
	}

	static void showValues(XSSFChart chart) {
		CTPlotArea plot = chart.getCTChart().getPlotArea();
		for (var bars : plot.getBarChartList()) {
			for (CTBarSer series : bars.getSerList()) {
				label(series.isSetDLbls() ? series.getDLbls() : series.addNewDLbls(), true, false);
			}
		}
		for (CTDoughnutChart doughnut : plot.getDoughnutChartList()) {
			for (CTPieSer series : doughnut.getSerList()) {
				label(series.isSetDLbls() ? series.getDLbls() : series.addNewDLbls(), false, true);
			}
		}
	}

	private static void label(CTDLbls labels, boolean value, boolean percent) {
		labels.addNewShowLegendKey().setVal(false);
		labels.addNewShowVal().setVal(value);
		labels.addNewShowCatName().setVal(false);
		labels.addNewShowSerName().setVal(false);
		labels.addNewShowPercent().setVal(percent);
		labels.addNewShowBubbleSize().setVal(false);
	}

}
