package com.qwenbatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.TaskLabel;
import com.qwenbatch.store.ResultStore;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
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

/**
 * The Summary as a briefing and the Topics sheet, on a results table seeded with two
 * weeks: 2026-10-01..07 (20 comments, 5 negative, a demo-free model) and 2026-10-08..14
 * (30 comments, 12 negative), with topic labels, and one more source 40 days earlier for
 * the weekly trend.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBriefingTest {

	static final Path tmp = ReportTestDatabase.tempDir("briefing-test");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		ReportTestDatabase.register(registry, tmp, "briefing");
	}

	@Autowired
	ResultStore store;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate sql;

	@Autowired
	SentimentReport report;

	private final ReportLabels labels = new ReportLabels(List.of("正面", "负面", "中性"), "负面");

	private static final String[] TOPICS = { "物流", "质量", "价格", "客服" };

	@BeforeAll
	void seed() {
		List<Analysis> rows = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			rows.add(analysis("shop.csv", "a" + i, "2026-10-0" + (1 + i % 7), i < 5 ? "负面" : "正面", "comment a" + i,
					null, "qwen-0.5b"));
		}
		for (int i = 0; i < 30; i++) {
			String day = String.format("2026-10-%02d", 8 + i % 7);
			// negatives 0..11; texts of 0 and 4 are the same, and one is longer than a
			// quote
			String text = i == 4 ? "comment b0" : i == 1 ? "很慢".repeat(150) : "comment b" + i;
			rows.add(analysis("shop.csv", "b" + i, day, i < 12 ? "负面" : "中性", text, TOPICS[i % 4], "qwen-0.5b"));
		}
		this.store.saveResults(rows, 11);
		List<Analysis> old = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			old.add(analysis("old.csv", "o" + i, "2026-08-" + (20 + i), "负面", "old " + i, null, "demo"));
		}
		this.store.saveResults(old, 12);
	}

	private static Analysis analysis(String source, String id, String day, String sentiment, String text, String topic,
			String model) {
		Comment c = new Comment(source, id, text, day, "web", 2);
		// the confidence falls with the id number, so "most confident first" is b0, b1,
		// ...
		double confidence = 0.99 - Integer.parseInt(id.substring(1)) / 100.0;
		return new Analysis(c, sentiment, confidence, Map.of(), "none", null, null, model, "bf16", "0123456789abcdef",
				"s1+none", 10, 1, 1, topic == null ? Map.of() : Map.of("topic", new TaskLabel(topic, 0.7)));
	}

	private XSSFWorkbook build(String name, String from, String to, String source) throws IOException {
		Path out = tmp.resolve(name);
		this.report.write(ReportRequest.of(out, from, to, null, source, this.labels));
		return new XSSFWorkbook(Files.newInputStream(out));
	}

	@Test
	void summaryComparesWithThePreviousPeriodOfTheSameLength() throws IOException {
		try (XSSFWorkbook book = build("two-periods.xlsx", "2026-10-08", "2026-10-14", "shop.csv")) {
			assertThat(sheetNames(book)).containsExactly("Summary", "Topics", "Trend", "By channel", "Negative",
					"Review", "All results", "Rejected");
			XSSFSheet summary = book.getSheet("Summary");
			assertThat(summary.getRow(1).getCell(0).getStringCellValue())
				.isEqualTo("shop.csv · 2026-10-08 – 2026-10-14");
			Row analysed = SheetRows.find(summary, "Comments analysed");
			assertThat(analysed.getCell(1).getNumericCellValue()).isEqualTo(30);
			assertThat(analysed.getCell(2).getNumericCellValue()).isEqualTo(20);
			assertThat(analysed.getCell(3).getStringCellValue()).isEqualTo("▲ 10 (+50.0 %)");
			Row rate = SheetRows.find(summary, "Negative rate");
			assertThat(rate.getCell(1).getNumericCellValue()).isCloseTo(12 / 30.0, within(1e-9));
			assertThat(rate.getCell(2).getNumericCellValue()).isCloseTo(5 / 20.0, within(1e-9));
			assertThat(rate.getCell(3).getStringCellValue()).isEqualTo("▲ 15.0 pp");
			assertThat(SheetRows.find(summary, "Previous period").getCell(1).getStringCellValue())
				.isEqualTo("2026-10-01 .. 2026-10-07");
			assertThat(SheetRows.findOrNull(summary, SummarySheet.DEMO_BANNER)).as("no demo rows in this period")
				.isNull();
			// the top topics among negatives: b0..b11 -> topics i % 4, three each
			Row top = SheetRows.find(summary, "top topics among negative comments");
			List<String> topTopics = IntStream.rangeClosed(1, 3)
				.mapToObj((k) -> summary.getRow(top.getRowNum() + k).getCell(0).getStringCellValue())
				.toList();
			assertThat(topTopics).hasSize(3).isSubsetOf(TOPICS);
			assertThat(summary.getRow(top.getRowNum() + 1).getCell(2).getNumericCellValue()).isCloseTo(3 / 12.0,
					within(1e-9));
			assertThat(SheetRows.find(summary, "Precision").getCell(1).getStringCellValue()).isEqualTo("bf16");
		}
	}

	@Test
	void withoutAnEarlierPeriodTheSummarySaysSoAndTheDemoModelGetsItsBanner() throws IOException {
		try (XSSFWorkbook book = build("all.xlsx", null, null, null)) {
			XSSFSheet summary = book.getSheet("Summary");
			assertThat(SheetRows.find(summary, "Comments analysed").getCell(3).getStringCellValue())
				.isEqualTo(SummarySheet.NO_EARLIER_DATA);
			assertThat(SheetRows.find(summary, SummarySheet.DEMO_BANNER)).isNotNull();
			XSSFSheet trend = book.getSheet("Trend");
			assertThat(trend.getRow(0).getCell(0).getStringCellValue()).as("56 days: one row per week")
				.isEqualTo("week starting");
			long sum = 0;
			for (int r = 1; r <= trend.getLastRowNum(); r++) {
				Cell week = trend.getRow(r).getCell(0);
				assertThat(week.getCellType()).isEqualTo(CellType.NUMERIC);
				assertThat(DateUtil.isCellDateFormatted(week)).isTrue();
				assertThat(week.getLocalDateTimeCellValue().getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
				sum += (long) trend.getRow(r).getCell(4).getNumericCellValue();
			}
			assertThat(sum).isEqualTo(56);
			assertThat(trend.getLastRowNum()).isLessThan(10);
		}
	}

	@Test
	void topicsSheetCountsEqualTheDatabaseAndQuotesItsNegatives() throws IOException {
		try (XSSFWorkbook book = build("topics.xlsx", null, null, "shop.csv")) {
			XSSFSheet topics = book.getSheet("Topics");
			List<Map<String, Object>> db = this.sql
				.queryForList("SELECT l.label AS topic, r.sentiment AS s, COUNT(*) AS n"
						+ " FROM qb_result r JOIN qb_result_label l ON l.source = r.source AND l.id = r.id"
						+ " WHERE l.task = 'topic' GROUP BY l.label, r.sentiment");
			assertThat(db).isNotEmpty();
			List<String> header = new ArrayList<>();
			topics.getRow(0).forEach((c) -> header.add(c.getStringCellValue()));
			assertThat(header).containsExactly("topic", "正面", "负面", "中性", "total", "negative share", "previous period",
					"change");
			long previousNegatives = Long.MAX_VALUE;
			for (int r = 1; r <= TOPICS.length; r++) {
				Row row = topics.getRow(r);
				String topic = row.getCell(0).getStringCellValue();
				for (int c = 1; c <= 3; c++) {
					String sentiment = header.get(c);
					long expected = db.stream()
						.filter((m) -> topic.equals(m.get("TOPIC")) && sentiment.equals(m.get("S")))
						.mapToLong((m) -> ((Number) m.get("N")).longValue())
						.sum();
					assertThat((long) row.getCell(c).getNumericCellValue()).as(topic + "/" + sentiment)
						.isEqualTo(expected);
				}
				long negatives = (long) row.getCell(2).getNumericCellValue();
				assertThat(negatives).as("sorted by negative count").isLessThanOrEqualTo(previousNegatives);
				previousNegatives = negatives;
				assertThat(row.getCell(5).getNumericCellValue())
					.isCloseTo(negatives / row.getCell(4).getNumericCellValue(), within(1e-9));
			}
			assertThat(topics.getDrawingPatriarch().getCharts()).hasSize(1);
			Row quotesHeader = SheetRows.find(topics, "What unhappy customers say, per topic (most confident first)");
			Set<String> negativeTexts = new HashSet<>();
			this.sql.queryForList("SELECT text FROM qb_result WHERE sentiment = '负面'")
				.forEach((m) -> negativeTexts.add((String) m.get("TEXT")));
			Map<String, List<String>> quotes = new java.util.LinkedHashMap<>();
			for (int r = quotesHeader.getRowNum() + 2; r <= topics.getLastRowNum(); r++) {
				Row row = topics.getRow(r);
				String text = row.getCell(4).getStringCellValue();
				assertThat(text.length()).isLessThanOrEqualTo(TopicsSheet.QUOTE_CHARS);
				assertThat(negativeTexts.stream().anyMatch((t) -> t.startsWith(text.replace("…", ""))))
					.as("a negative comment: " + text)
					.isTrue();
				assertThat(DateUtil.isCellDateFormatted(row.getCell(2))).isTrue();
				quotes.computeIfAbsent(row.getCell(0).getStringCellValue(), (k) -> new ArrayList<>()).add(text);
			}
			assertThat(quotes).hasSize(4);
			quotes.values().forEach((texts) -> assertThat(texts).hasSizeBetween(2, 3).doesNotHaveDuplicates());
			// 物流 has b0, b4 (the same text), b8: two distinct texts
			assertThat(quotes.get("物流")).containsExactly("comment b0", "comment b8");
			assertThat(quotes.get("质量").get(0)).endsWith("…").hasSize(TopicsSheet.QUOTE_CHARS);
		}
	}

	/**
	 * Comments that a spreadsheet would read as formulas stay text, in every sheet they
	 * reach (Negative, Review, All results, quotes), with Excel's quote prefix.
	 */
	@Test
	void noCellIsAFormula() throws IOException {
		List<String> formulas = List.of("=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1:A9)");
		List<Analysis> evil = new ArrayList<>();
		for (int i = 0; i < formulas.size(); i++) {
			evil.add(new Analysis(new Comment("evil.csv", "e" + i, formulas.get(i), "2026-09-0" + (i + 1), "web", 2),
					"负面", 0.4, Map.of(), "reply", formulas.get((i + 1) % formulas.size()), "eos", "qwen-0.5b", "f32",
					"0123456789abcdef", "s1+r1", 10, 3, 1, Map.of("topic", new TaskLabel("物流", 0.6))));
		}
		// a database of its own: the rows of the other tests stay as they are
		javax.sql.DataSource own = com.qwenbatch.store.StoreDatabases.h2();
		new ResultStore(own).saveResults(evil, 13);
		Path out = tmp.resolve("formulas.xlsx");
		new SentimentReport(own).write(ReportRequest.of(out, null, null, null, null, this.labels));
		try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(out))) {
			int cells = 0;
			int guarded = 0;
			for (Sheet sheet : book) {
				for (Row row : sheet) {
					for (Cell cell : row) {
						cells++;
						assertThat(cell.getCellType()).as(sheet.getSheetName()).isNotEqualTo(CellType.FORMULA);
						if (cell.getCellType() == CellType.STRING && formulas.contains(cell.getStringCellValue())) {
							assertThat(cell.getCellStyle().getQuotePrefixed())
								.as("%s!%s", sheet.getSheetName(), cell.getAddress())
								.isTrue();
							guarded++;
						}
					}
				}
			}
			assertThat(cells).as("the workbook has content").isGreaterThan(50);
			assertThat(guarded).as("each formula-like text, as text and as a reply, on several sheets")
				.isGreaterThanOrEqualTo(2 * formulas.size());
		}
	}

	private static List<String> sheetNames(XSSFWorkbook book) {
		return IntStream.range(0, book.getNumberOfSheets()).mapToObj(book::getSheetName).toList();
	}

}
