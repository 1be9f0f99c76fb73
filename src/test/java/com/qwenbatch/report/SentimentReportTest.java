package com.qwenbatch.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.RejectedRow;
import com.qwenbatch.store.ResultStore;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentimentReportTest {

	static final Path tmp = ReportTestDatabase.tempDir("report-test");

	static final String HYPERLINK = "=HYPERLINK(\"http://evil.example\",\"click\")";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		ReportTestDatabase.register(registry, tmp, "report");
	}

	@Autowired
	ResultStore store;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate sql;

	@Autowired
	SentimentReport report;

	private final ReportLabels labels = new ReportLabels(List.of("正面", "负面", "中性"), "负面");

	@BeforeAll
	void seed() {
		List<Analysis> rows = new ArrayList<>();
		String[] sentiments = { "正面", "负面", "中性", "负面", "正面", "负面" };
		for (int i = 0; i < 60; i++) {
			String text = i == 0 ? HYPERLINK
					: i == 1 ? "长".repeat(40_000) : i == 2 ? "-5 stars, @support" : "comment " + i;
			Comment c = new Comment("r.csv", "id" + i, text, "2026-11-" + String.format("%02d", 1 + i % 7),
					i % 3 == 0 ? "京东" : "淘宝", i + 2);
			rows.add(new Analysis(c, sentiments[i % 6], 0.5 + (i % 10) / 20.0, Map.of(), "reply",
					i == 3 ? "+1 call us" : "谢谢 " + i, i == 1 ? Analysis.CUT_AT_LIMIT : "eos", "demo", "f32",
					"0123456789abcdef", "aaaaaaaaaa+bbbbbbbbbb", 10, 5, 3, Map.of()));
		}
		this.store.saveResults(rows, 7);
		this.store.saveRejected(new RejectedRow("r.csv", 99, "r.csv:99", "empty text", ""), 7);
	}

	private XSSFWorkbook build(String name) throws IOException {
		Path out = tmp.resolve(name);
		this.report.write(ReportRequest.of(out, null, null, null, null, this.labels));
		return new XSSFWorkbook(java.nio.file.Files.newInputStream(out));
	}

	@Test
	void summaryCountsAndPercentagesMatchTheDatabase() throws IOException {
		try (XSSFWorkbook book = build("summary.xlsx")) {
			assertThat(
					java.util.stream.IntStream.range(0, book.getNumberOfSheets()).mapToObj(book::getSheetName).toList())
				.containsExactly("Summary", "Trend", "By channel", "Negative", "Review", "All results", "Rejected");
			XSSFSheet summary = book.getSheet("Summary");
			assertThat(summary.getRow(1).getCell(0).getStringCellValue()).isEqualTo("r.csv · 2026-11-01 – 2026-11-07");
			assertThat(SheetRows.find(summary, "Comments analysed").getCell(1).getNumericCellValue()).isEqualTo(60);
			assertThat(SheetRows.find(summary, "Comments analysed").getCell(3).getStringCellValue())
				.isEqualTo(SummarySheet.NO_EARLIER_DATA);
			List<Map<String, Object>> db = this.sql
				.queryForList("SELECT sentiment, COUNT(*) AS n FROM qb_result GROUP BY sentiment");
			int first = SheetRows.find(summary, "sentiment").getRowNum() + 1;
			for (int r = first; r < first + 3; r++) {
				Row row = summary.getRow(r);
				String label = row.getCell(0).getStringCellValue();
				long expected = db.stream()
					.filter((m) -> label.equals(m.get("SENTIMENT")))
					.mapToLong((m) -> ((Number) m.get("N")).longValue())
					.sum();
				assertThat((long) row.getCell(1).getNumericCellValue()).as(label).isEqualTo(expected);
				assertThat(row.getCell(2).getNumericCellValue()).isCloseTo(expected / 60.0, within(1e-9));
			}
			Row negativeRate = SheetRows.find(summary, "Negative rate");
			assertThat(negativeRate.getCell(1).getNumericCellValue()).isCloseTo(30 / 60.0, within(1e-9));
			double avg = ((Number) this.sql.queryForList("SELECT AVG(confidence) AS a FROM qb_result").get(0).get("A"))
				.doubleValue();
			assertThat(SheetRows.find(summary, "Average confidence").getCell(1).getNumericCellValue()).isCloseTo(avg,
					within(1e-9));
			assertThat(SheetRows.find(summary, "Rows rejected").getCell(1).getStringCellValue()).isEqualTo("1");
			assertThat(SheetRows.find(summary, "Precision").getCell(1).getStringCellValue()).isEqualTo("f32");
			long belowThreshold = ((Number) this.sql
				.queryForList("SELECT COUNT(*) AS n FROM qb_result WHERE confidence < 0.6")
				.get(0)
				.get("N")).longValue();
			assertThat(belowThreshold).as("the seeded data has rows to review").isPositive();
			assertThat(SheetRows.find(summary, "For review (below 0.6)").getCell(1).getNumericCellValue())
				.isEqualTo(belowThreshold);
			XSSFSheet review = book.getSheet("Review");
			assertThat(review.getLastRowNum()).isEqualTo((int) belowThreshold);
			double previous = -1;
			for (int r = 1; r <= review.getLastRowNum(); r++) {
				double confidence = review.getRow(r).getCell(0).getNumericCellValue();
				assertThat(confidence).as("least confident first, all below the threshold")
					.isGreaterThanOrEqualTo(previous)
					.isLessThan(0.6);
				previous = confidence;
			}
			assertThat(SheetRows.find(summary, "Prompt versions (sentiment+task)").getCell(1).getStringCellValue())
				.isEqualTo("aaaaaaaaaa+bbbbbbbbbb");

			XSSFChart doughnut = summary.getDrawingPatriarch().getCharts().get(0);
			XDDFChartData.Series series = doughnut.getChartSeries().get(0).getSeries(0);
			assertThat(series.getCategoryData().getDataRangeReference())
				.isEqualTo("Summary!$A$" + (first + 1) + ":$A$" + (first + 3));
			assertThat(series.getValuesData().getDataRangeReference())
				.isEqualTo("Summary!$B$" + (first + 1) + ":$B$" + (first + 3));
		}
	}

	@Test
	void trendAndChannelSheetsAddUpAndHaveStackedCharts() throws IOException {
		try (XSSFWorkbook book = build("trend.xlsx")) {
			XSSFSheet trend = book.getSheet("Trend");
			assertThat(trend.getLastRowNum()).isEqualTo(7); // 7 days
			long sum = 0;
			for (int r = 1; r <= 7; r++) {
				sum += (long) trend.getRow(r).getCell(4).getNumericCellValue();
			}
			assertThat(sum).isEqualTo(60);
			List<Map<String, Object>> day1 = this.sql.queryForList(
					"SELECT COUNT(*) AS n FROM qb_result WHERE comment_date = '2026-11-01' AND sentiment = '负面'");
			assertThat(trend.getRow(1).getCell(0).getLocalDateTimeCellValue().toLocalDate())
				.isEqualTo(java.time.LocalDate.of(2026, 11, 1));
			assertThat(org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(trend.getRow(1).getCell(0)))
				.as("a real date cell, shown as a date")
				.isTrue();
			assertThat((long) trend.getRow(1).getCell(2).getNumericCellValue())
				.isEqualTo(((Number) day1.get(0).get("N")).longValue());
			XSSFChart chart = trend.getDrawingPatriarch().getCharts().get(0);
			assertThat(chart.getChartSeries()).as("stacked counts, the negative share as a line").hasSize(2);
			assertThat(chart.getChartSeries().get(0).getSeriesCount()).isEqualTo(3);
			assertThat(chart.getChartSeries().get(1).getSeries(0).getValuesData().getDataRangeReference())
				.isEqualTo("Trend!$F$2:$F$8");
			assertThat(chart.getCTChart().getPlotArea().getValAxList()).as("a second value axis").hasSize(2);
			assertThat(chart.getChartSeries().get(0).getSeries(1).getValuesData().getDataRangeReference())
				.isEqualTo("Trend!$C$2:$C$8");

			assertThat(trend.getRow(1).getCell(5).getNumericCellValue()).as("the day's negative share")
				.isCloseTo(((Number) day1.get(0).get("N")).doubleValue()
						/ trend.getRow(1).getCell(4).getNumericCellValue(), within(1e-9));

			XSSFSheet channel = book.getSheet("By channel");
			assertThat(channel.getRow(0).getCell(5).getStringCellValue()).isEqualTo("negative share");
			double previous = 1;
			for (int r = 1; r <= channel.getLastRowNum(); r++) {
				String name = channel.getRow(r).getCell(0).getStringCellValue();
				Map<String, Object> counts = this.sql
					.queryForList("SELECT COUNT(*) AS n, SUM(CASE WHEN sentiment = '负面' THEN 1 ELSE 0 END) AS neg"
							+ " FROM qb_result WHERE channel = ?", name)
					.get(0);
				double share = ((Number) counts.get("NEG")).doubleValue() / ((Number) counts.get("N")).doubleValue();
				assertThat((long) channel.getRow(r).getCell(4).getNumericCellValue()).as(name)
					.isEqualTo(((Number) counts.get("N")).longValue());
				assertThat(channel.getRow(r).getCell(5).getNumericCellValue()).as(name)
					.isCloseTo(share, within(1e-9))
					.isLessThanOrEqualTo(previous);
				previous = share;
			}
			assertThat(channel.getDrawingPatriarch().getCharts()).as("counts, and the negative share").hasSize(2);
		}
	}

	@Test
	void textThatLooksLikeAFormulaStaysTextAndLongTextIsCut() throws IOException {
		try (XSSFWorkbook book = build("safe.xlsx")) {
			XSSFSheet all = book.getSheet("All results");
			assertThat(all.getLastRowNum()).isEqualTo(60);
			assertThat(all.getPaneInformation().isFreezePane()).isTrue();
			assertThat(all.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:S61");
			assertThat(all.getRow(0).getCell(0).getStringCellValue()).isEqualTo("id");
			boolean sawHyperlink = false;
			for (Row row : all) {
				for (Cell cell : row) {
					assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
					if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().equals(HYPERLINK)) {
						sawHyperlink = true;
						assertThat(cell.getCellStyle().getQuotePrefixed()).isTrue();
					}
					if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().startsWith("长长")) {
						assertThat(cell.getStringCellValue()).hasSize(SafeText.EXCEL_CELL_LIMIT)
							.endsWith(SafeText.CUT_MARKER);
					}
					if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().startsWith("-5 stars")) {
						assertThat(cell.getCellStyle().getQuotePrefixed()).isTrue();
					}
				}
			}
			assertThat(sawHyperlink).isTrue();
			XSSFSheet negative = book.getSheet("Negative");
			assertThat(negative.getLastRowNum()).isEqualTo(30);
			assertThat(negative.getRow(1).getCell(0).getNumericCellValue())
				.isGreaterThanOrEqualTo(negative.getRow(30).getCell(0).getNumericCellValue());
			assertThat(book.getSheet("Rejected").getRow(1).getCell(3).getStringCellValue()).isEqualTo("empty text");
			List<String> replies = new ArrayList<>();
			for (Row row : negative) {
				if (row.getRowNum() > 0 && row.getCell(2) != null) {
					replies.add(row.getCell(2).getStringCellValue());
				}
			}
			assertThat(replies).as("the reply cut at the token limit is marked, the finished ones are not")
				.contains("谢谢 1" + SentimentReport.CUT_MARK)
				.contains("谢谢 5")
				.filteredOn((r) -> r.endsWith(SentimentReport.CUT_MARK))
				.hasSize(1);
		}
	}

	@Test
	void dateAndExecutionFiltersNarrowTheReport() throws IOException {
		Path out = tmp.resolve("filtered.xlsx");
		long rows = this.report.write(ReportRequest.of(out, "2026-11-02", "2026-11-03", 7L, "r.csv", this.labels));
		long expected = ((Number) this.sql
			.queryForList(
					"SELECT COUNT(*) AS n FROM qb_result WHERE comment_date BETWEEN '2026-11-02' AND '2026-11-03'")
			.get(0)
			.get("N")).longValue();
		assertThat(rows).isEqualTo(expected).isLessThan(60);
		assertThat(this.report.write(ReportRequest.of(tmp.resolve("none.xlsx"), null, null, 999L, null, this.labels)))
			.isZero();
	}

}
