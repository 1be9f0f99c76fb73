package com.qwenbatch.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
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
 * The briefing: what was analysed and over which period, the key figures with their
 * change against the previous period of the same length, the sentiment distribution with
 * a doughnut chart, the topics behind the negative comments, and — in small print — what
 * produced the numbers.
 */
final class SummarySheet {

	/** The model id of the tiny random demo model. */
	static final String DEMO_MODEL = "demo";

	static final String DEMO_BANNER = "DEMO MODEL: random weights — these labels, replies and summaries are meaningless";

	static final String NO_EARLIER_DATA = "no earlier data";

	/** The width of the top topics' sentence column, in characters. */
	private static final int SENTENCE_WIDTH = 46;

	/** Share positive − share negative: the one number many teams track. */
	static final String NET_SENTIMENT = "Net sentiment (positive − negative)";

	/**
	 * Key figures of one period; {@code netSentiment}: share positive − share negative,
	 * in [−1, 1].
	 */
	record Figures(long analysed, double negativeRate, double averageConfidence, double netSentiment) {

		static Figures of(ResultQueries queries, ReportRequest request) {
			return of(queries.bySentiment(request.labels()), request, queries.averageConfidence());
		}

		/** From the period's sentiment counts (sentiment -> comments). */
		static Figures of(Map<String, Long> counts, ReportRequest request, double averageConfidence) {
			long total = counts.values().stream().mapToLong(Long::longValue).sum();
			double negative = total == 0 ? 0 : (double) counts.getOrDefault(request.negativeLabel(), 0L) / total;
			double positive = total == 0 || request.positiveLabel() == null ? 0
					: (double) counts.getOrDefault(request.positiveLabel(), 0L) / total;
			return new Figures(total, negative, averageConfidence, positive - negative);
		}

	}

	/** The period a report covers and the one before it, of the same length. */
	record Periods(LocalDate from, LocalDate to, LocalDate previousFrom, LocalDate previousTo) {

		static Periods of(String from, String to) {
			LocalDate first = TrendDates.day(from);
			LocalDate last = TrendDates.day(to);
			if (first == null || last == null) {
				return null;
			}
			long days = ChronoUnit.DAYS.between(first, last) + 1;
			return new Periods(first, last, first.minusDays(days), first.minusDays(1));
		}

	}

	private final XSSFSheet sheet;

	private final SentimentReport.Styles styles;

	private int next;

	SummarySheet(XSSFSheet sheet, SentimentReport.Styles styles) {
		this.sheet = sheet;
		this.styles = styles;
	}

	/**
	 * counts: sentiment -> comments, from one GROUP BY; topics: topic -> sentiment ->
	 * count (empty without topic labels); days: the first and last day of the results.
	 * Returns the total.
	 */
	long write(ResultQueries queries, Map<String, Long> counts, TopicChanges topics, TopicSentences sentences,
			ReportRequest request, String from, String to, Periods periods) {
		Figures now = Figures.of(counts, request, queries.averageConfidence());
		long total = now.analysed();
		List<String> models = queries.distinct("model_id");
		cell(row(), 0, "Customer comments — sentiment briefing", this.styles.title);
		cell(row(), 0, heading(queries, from, to), this.styles.header);
		if (models.contains(DEMO_MODEL)) {
			Row banner = row();
			for (int i = 0; i < 4; i++) {
				cell(banner, i, i == 0 ? DEMO_BANNER : null, this.styles.warning);
			}
		}
		this.next++;
		keyFigures(queries, now, request, periods);
		this.next++;
		int firstDistributionRow = this.next + 1;
		header("sentiment", "comments", "share");
		for (Map.Entry<String, Long> e : counts.entrySet()) {
			Row r = row();
			cell(r, 0, e.getKey(), null);
			cell(r, 1, e.getValue(), null);
			cell(r, 2, total == 0 ? 0.0 : (double) e.getValue() / total, this.styles.percent);
		}
		int lastDistributionRow = this.next - 1;
		if (topics != null) {
			this.next++;
			topTopics(topics, sentences);
		}
		this.next++;
		footnote(queries, models, from, to, periods, topics == null ? null : sentences);
		this.sheet.setColumnWidth(0, 36 * 256);
		this.sheet.setColumnWidth(1, 16 * 256);
		this.sheet.setColumnWidth(2, 16 * 256);
		this.sheet.setColumnWidth(3, 18 * 256);
		if (sentences != null && sentences.written()) {
			this.sheet.setColumnWidth(4, SENTENCE_WIDTH * 256);
		}
		if (!counts.isEmpty()) {
			doughnut(firstDistributionRow, lastDistributionRow);
		}
		return total;
	}

	/** "comments.csv · 2026-10-20 – 2026-11-16" */
	private static String heading(ResultQueries queries, String from, String to) {
		String source = queries.filter().source() != null ? queries.filter().source()
				: String.join(", ", queries.distinct("source"));
		String period = from == null ? "no dated comments" : from.equals(to) ? from : from + " – " + to;
		return (source.isEmpty() ? "no results" : source) + " · " + period;
	}

	private void keyFigures(ResultQueries queries, Figures now, ReportRequest request, Periods periods) {
		Figures before = null;
		if (periods != null) {
			Figures earlier = Figures
				.of(queries.forDays(periods.previousFrom().toString(), periods.previousTo().toString()), request);
			before = earlier.analysed() > 0 ? earlier : null;
		}
		header("key figure", "this period", "previous period", "change");
		Row analysed = row();
		cell(analysed, 0, "Comments analysed", null);
		cell(analysed, 1, now.analysed(), null);
		if (before != null) {
			cell(analysed, 2, before.analysed(), null);
			cell(analysed, 3, countChange(now.analysed(), before.analysed()), this.styles.change);
		}
		else {
			cell(analysed, 3, NO_EARLIER_DATA, this.styles.change);
		}
		Row rate = row();
		cell(rate, 0, "Negative rate", null);
		cell(rate, 1, now.negativeRate(), this.styles.percent);
		Row confidence = row();
		cell(confidence, 0, "Average confidence", null);
		cell(confidence, 1, now.averageConfidence(), this.styles.percent);
		if (before != null) {
			cell(rate, 2, before.negativeRate(), this.styles.percent);
			cell(rate, 3, pointChange(now.negativeRate(), before.negativeRate()), this.styles.change);
			cell(confidence, 2, before.averageConfidence(), this.styles.percent);
			cell(confidence, 3, pointChange(now.averageConfidence(), before.averageConfidence()), this.styles.change);
		}
		else {
			cell(rate, 3, NO_EARLIER_DATA, this.styles.change);
			cell(confidence, 3, NO_EARLIER_DATA, this.styles.change);
		}
		if (request.positiveLabel() != null) {
			Row net = row();
			cell(net, 0, NET_SENTIMENT, null);
			cell(net, 1, now.netSentiment(), this.styles.percent);
			if (before != null) {
				cell(net, 2, before.netSentiment(), this.styles.percent);
				cell(net, 3, pointChange(now.netSentiment(), before.netSentiment()), this.styles.change);
			}
			else {
				cell(net, 3, NO_EARLIER_DATA, this.styles.change);
			}
		}
		Row review = row();
		cell(review, 0, "For review (below " + request.reviewThreshold() + ")", null);
		cell(review, 1, queries.countBelowConfidence(request.reviewThreshold()), null);
	}

	/** "▲ 12 (+8.0 %)", "▼ 3 (−2.0 %)" or "no change". */
	static String countChange(long now, long before) {
		if (now == before) {
			return "no change";
		}
		double percent = 100.0 * (now - before) / before;
		return String.format(Locale.ROOT, "%s %d (%+.1f %%)", now > before ? "▲" : "▼", Math.abs(now - before),
				percent);
	}

	/**
	 * A change of a share in percentage points: "▲ 3.2 pp", "▼ 0.5 pp" or "no change".
	 */
	static String pointChange(double now, double before) {
		double points = 100 * (now - before);
		if (Math.abs(points) < 0.05) {
			return "no change";
		}
		return String.format(Locale.ROOT, "%s %.1f pp", points > 0 ? "▲" : "▼", Math.abs(points));
	}

	/**
	 * The three named topics with the most negative comments (the catch-all only when it
	 * is the only topic), with their share of those, the change against the previous
	 * period and, when written, the model's sentence.
	 */
	private void topTopics(TopicChanges topics, TopicSentences sentences) {
		long negatives = topics.ranked().stream().mapToLong(topics::negatives).sum();
		if (sentences.written()) {
			header("top topics among negative comments", "negative", "share of negative", "change",
					TopicsSheet.SENTENCE_HEADER);
		}
		else {
			header("top topics among negative comments", "negative", "share of negative", "change");
		}
		for (String topic : topics.top(3)) {
			long count = topics.negatives(topic);
			Row r = row();
			cell(r, 0, topic, null);
			cell(r, 1, count, null);
			cell(r, 2, negatives == 0 ? 0.0 : (double) count / negatives, this.styles.percent);
			cell(r, 3, topics.change(topic), this.styles.change);
			if (sentences.written()) {
				cell(r, 4, sentences.shown(topic), null);
				r.setHeightInPoints(
						Math.max(r.getHeightInPoints(), RowHeights.points(sentences.shown(topic), SENTENCE_WIDTH)));
			}
		}
	}

	private void footnote(ResultQueries queries, List<String> models, String from, String to, Periods periods,
			TopicSentences sentences) {
		String[][] lines = { { "Model", String.join(", ", models) },
				{ "Precision", String.join(", ", queries.distinct("model_precision")) },
				{ "Prompt versions (sentiment+task)", String.join(", ", queries.distinct("prompt_version")) },
				{ "Comment dates", from == null ? "" : from + " .. " + to },
				{ "Previous period", periods == null ? "" : periods.previousFrom() + " .. " + periods.previousTo() },
				{ "Rows rejected", String.valueOf(queries.rejected()) },
				{ "Topic sentences", sentences == null ? "" : sentences.footnote() } };
		for (String[] line : lines) {
			Row r = row();
			cell(r, 0, line[0], this.styles.small);
			cell(r, 1, line[1], this.styles.small);
		}
	}

	private void doughnut(int firstRow, int lastRow) {
		XSSFDrawing drawing = this.sheet.createDrawingPatriarch();
		XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, 5, 1, 12, 20));
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
		ChartLabels.showValues(chart);
	}

	private void header(String... titles) {
		Row r = row();
		for (int i = 0; i < titles.length; i++) {
			cell(r, i, titles[i], this.styles.header);
		}
	}

	private Row row() {
		return this.sheet.createRow(this.next++);
	}

	/** A safe cell (numbers stay numbers), with {@code style} when given. */
	private void cell(Row row, int column, Object value, org.apache.poi.ss.usermodel.CellStyle style) {
		var cell = row.createCell(column);
		this.styles.put(cell, value);
		if (style != null) {
			cell.setCellStyle(style);
		}
	}

}
