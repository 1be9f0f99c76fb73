package com.qwenbatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.TaskLabel;
import com.qwenbatch.store.ResultStore;
import com.qwenbatch.store.StoreDatabases;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The briefing says what changed: topics against the previous period (the catch-all
 * last), net sentiment, the model's sentence per topic; and the data sheets print
 * compactly (real date cells, rows at most three lines). Two weeks of one source:
 * 2026-11-01..07 (21 comments) and 2026-11-08..14 (43 comments).
 */
class TopicChangesTest {

	private static final List<String> LABELS = List.of("正面", "负面", "中性");

	private static final ReportLabels WITH_CATCH_ALL = new ReportLabels(LABELS, "负面", "正面", "其他");

	@TempDir
	Path tmp;

	private DataSource db;

	private final List<Analysis> rows = new ArrayList<>();

	@BeforeEach
	void seed() {
		this.db = StoreDatabases.h2();
		// the first week: topic -> negatives, positives
		week(1, "物流", 4, 4, 0);
		week(1, "质量", 1, 4, 0);
		week(1, "其他", 6, 0, 0);
		week(1, "价格", 0, 2, 0);
		// the second week
		week(8, "物流", 2, 4, 0);
		week(8, "质量", 5, 2, 0);
		week(8, "价格", 3, 1, 0);
		week(8, "其他", 24, 0, 1);
		week(8, "客服", 1, 0, 0);
		new ResultStore(this.db).saveResults(this.rows, 3);
	}

	private void week(int firstDay, String topic, int negative, int positive, int neutral) {
		for (int i = 0; i < negative + positive + neutral; i++) {
			String sentiment = i < negative ? "负面" : i < negative + positive ? "正面" : "中性";
			String id = topic + "-" + firstDay + "-" + i;
			String day = String.format("2026-11-%02d", firstDay + i % 7);
			// two texts repeat in 其他: a topic's sentence reads distinct comments
			String text = topic + " 的第" + (i == 3 ? 2 : i) + "条评论 " + "很长的内容".repeat(i == 1 ? 60 : 1);
			// confidence falls with i: "most confident first" is i = 0, 1, 2, …
			Comment comment = new Comment("t.csv", id, text, day, "web", i + 2);
			this.rows.add(new Analysis(comment, sentiment, 0.99 - i / 100.0, Map.of(), "none", null, null, "qwen",
					"f32", "0123456789abcdef", "s+none", 10, 1, 1, Map.of("topic", new TaskLabel(topic, 0.8))));
		}
	}

	private XSSFWorkbook build(String from, String to, ReportLabels labels, TopicWriter writer) throws IOException {
		Path out = this.tmp.resolve("report-" + from + "-" + (writer != null) + ".xlsx");
		new SentimentReport(this.db).write(ReportRequest.of(out, from, to, null, "t.csv", labels), writer);
		return new XSSFWorkbook(Files.newInputStream(out));
	}

	@Test
	void topicsComeWithThePreviousPeriodAndTheCatchAllIsLast() throws IOException {
		try (XSSFWorkbook book = build("2026-11-08", "2026-11-14", WITH_CATCH_ALL, null)) {
			XSSFSheet topics = book.getSheet("Topics");
			assertThat(cells(topics.getRow(0))).containsExactly("topic", "正面", "负面", "中性", "total", "negative share",
					"previous period", "change");
			Map<String, Row> byTopic = new LinkedHashMap<>();
			for (int r = 1; r <= 5; r++) {
				byTopic.put(topics.getRow(r).getCell(0).getStringCellValue(), topics.getRow(r));
			}
			assertThat(byTopic.keySet()).as("named topics by negatives, the catch-all (most negatives) last")
				.containsExactly("质量", "价格", "物流", "客服", "其他");
			// the previous period's negatives per topic are a GROUP BY over the stored
			// labels
			Map<String, Long> before = new LinkedHashMap<>();
			new JdbcTemplate(this.db).query("SELECT l.label, COUNT(*) FROM qb_result r JOIN qb_result_label l"
					+ " ON l.source = r.source AND l.id = r.id WHERE l.task = 'topic' AND r.sentiment = '负面'"
					+ " AND r.comment_date BETWEEN '2026-11-01' AND '2026-11-07' GROUP BY l.label", (rs) -> {
						before.put(rs.getString(1), rs.getLong(2));
					});
			byTopic.forEach((topic, row) -> assertThat((long) row.getCell(6).getNumericCellValue()).as(topic)
				.isEqualTo(before.getOrDefault(topic, 0L)));
			// 5 of 7 negative now, 1 of 5 before: 71.4 % - 20.0 %
			assertThat(byTopic.get("质量").getCell(7).getStringCellValue()).isEqualTo("▲ 4, +51.4 pp");
			// 2 of 6 now, 4 of 8 before
			assertThat(byTopic.get("物流").getCell(7).getStringCellValue()).isEqualTo("▼ 2, −16.7 pp");
			// new this period
			assertThat(byTopic.get("客服").getCell(7).getStringCellValue()).isEqualTo("▲ 1, +100.0 pp");
			// 24 of 25 now, 6 of 6 before
			assertThat(byTopic.get("其他").getCell(7).getStringCellValue()).isEqualTo("▲ 18, −4.0 pp");
		}
	}

	@Test
	void theSummaryLeavesTheCatchAllOutOfTheTopTopicsAndTracksNetSentiment() throws IOException {
		try (XSSFWorkbook book = build("2026-11-08", "2026-11-14", WITH_CATCH_ALL, null)) {
			XSSFSheet summary = book.getSheet("Summary");
			Row top = SheetRows.find(summary, "top topics among negative comments");
			assertThat(cells(top)).containsExactly("top topics among negative comments", "negative",
					"share of negative", "change");
			List<String> named = new ArrayList<>();
			for (int k = 1; k <= 3; k++) {
				named.add(summary.getRow(top.getRowNum() + k).getCell(0).getStringCellValue());
			}
			assertThat(named).containsExactly("质量", "价格", "物流");
			assertThat(summary.getRow(top.getRowNum() + 1).getCell(3).getStringCellValue()).isEqualTo("▲ 4, +51.4 pp");
			Row net = SheetRows.find(summary, SummarySheet.NET_SENTIMENT);
			// 7 positive, 35 negative of 43; before 10 positive, 11 negative of 21
			assertThat(net.getCell(1).getNumericCellValue()).isCloseTo((7 - 35) / 43.0, within(1e-9));
			assertThat(net.getCell(2).getNumericCellValue()).isCloseTo((10 - 11) / 21.0, within(1e-9));
			assertThat(net.getCell(3).getStringCellValue()).isEqualTo("▼ 60.4 pp");
			assertThat(SheetRows.find(summary, "Topic sentences").getCell(1).getStringCellValue())
				.startsWith("not written")
				.contains("--model");
		}
		// without a catch-all marked, 其他 is a topic like the others
		try (XSSFWorkbook book = build("2026-11-08", "2026-11-14", new ReportLabels(LABELS, "负面", "正面", null), null)) {
			XSSFSheet summary = book.getSheet("Summary");
			Row top = SheetRows.find(summary, "top topics among negative comments");
			assertThat(summary.getRow(top.getRowNum() + 1).getCell(0).getStringCellValue()).isEqualTo("其他");
		}
	}

	@Test
	void withoutAnEarlierPeriodTheChangeSaysSo() throws IOException {
		try (XSSFWorkbook book = build("2026-11-01", "2026-11-07", WITH_CATCH_ALL, null)) {
			XSSFSheet topics = book.getSheet("Topics");
			Row first = topics.getRow(1);
			assertThat(first.getCell(6) == null || first.getCell(6).getCellType() == CellType.BLANK)
				.as("no previous count")
				.isTrue();
			assertThat(first.getCell(7).getStringCellValue()).isEqualTo(SummarySheet.NO_EARLIER_DATA);
			assertThat(SheetRows.find(book.getSheet("Summary"), SummarySheet.NET_SENTIMENT)
				.getCell(3)
				.getStringCellValue()).isEqualTo(SummarySheet.NO_EARLIER_DATA);
		}
	}

	@Test
	void theModelsSentencesStandBesideEachTopicFromUpToTwentyDistinctNegativesMostConfidentFirst() throws IOException {
		Map<String, List<String>> asked = new LinkedHashMap<>();
		TopicWriter writer = new TopicWriter((negativeComments) -> {
			asked.putAll(negativeComments);
			Map<String, String> out = new LinkedHashMap<>();
			negativeComments.keySet().forEach((topic) -> out.put(topic, "关于" + topic + "的抱怨"));
			return out;
		}, false);
		try (XSSFWorkbook book = build("2026-11-08", "2026-11-14", WITH_CATCH_ALL, writer)) {
			assertThat(asked.keySet()).containsExactlyInAnyOrder("质量", "价格", "物流", "客服", "其他");
			List<String> other = asked.get("其他");
			assertThat(other).hasSize(TopicWriter.COMMENTS_PER_TOPIC).doesNotHaveDuplicates();
			assertThat(other.get(0)).startsWith("其他 的第0条");
			assertThat(other.get(1)).startsWith("其他 的第1条");
			assertThat(other.get(2)).as("the repeated text is read once").startsWith("其他 的第2条");
			assertThat(other.get(3)).startsWith("其他 的第4条");
			XSSFSheet topics = book.getSheet("Topics");
			assertThat(topics.getRow(0).getCell(8).getStringCellValue()).isEqualTo(TopicsSheet.SENTENCE_HEADER);
			assertThat(topics.getRow(1).getCell(8).getStringCellValue()).isEqualTo("关于质量的抱怨");
			XSSFSheet summary = book.getSheet("Summary");
			Row top = SheetRows.find(summary, "top topics among negative comments");
			assertThat(top.getCell(4).getStringCellValue()).isEqualTo(TopicsSheet.SENTENCE_HEADER);
			assertThat(summary.getRow(top.getRowNum() + 1).getCell(4).getStringCellValue()).isEqualTo("关于质量的抱怨");
			assertThat(SheetRows.find(summary, "Topic sentences").getCell(1).getStringCellValue())
				.startsWith("written by the model");
		}
		TopicWriter demo = new TopicWriter((negativeComments) -> Map.of("质量", "随机的话"), true);
		try (XSSFWorkbook book = build("2026-11-08", "2026-11-14", WITH_CATCH_ALL, demo)) {
			assertThat(book.getSheet("Topics").getRow(1).getCell(8).getStringCellValue())
				.isEqualTo("[demo model, meaningless] 随机的话");
		}
	}

	@Test
	void allResultsHasDateCellsAndRowsOfAtMostThreeLines() throws IOException {
		try (XSSFWorkbook book = build("2026-11-08", "2026-11-14", WITH_CATCH_ALL, null)) {
			XSSFSheet all = book.getSheet("All results");
			assertThat(all.getRow(0).getCell(1).getStringCellValue()).isEqualTo("comment_date");
			float tallest = 0;
			for (int r = 1; r <= all.getLastRowNum(); r++) {
				Row row = all.getRow(r);
				assertThat(row.getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
				assertThat(DateUtil.isCellDateFormatted(row.getCell(1))).isTrue();
				tallest = Math.max(tallest, row.getHeightInPoints());
			}
			assertThat(tallest).as("the 300-character comments wrap inside three lines")
				.isEqualTo(SentimentReport.MAX_LINES * RowHeights.LINE_POINTS);
			assertThat(book.getPrintArea(book.getSheetIndex(all))).contains("$A$1:$H$");
			assertThat(all.getFitToPage()).isTrue();
			assertThat(all.getPrintSetup().getFitWidth()).isEqualTo((short) 1);
		}
	}

	private static List<String> cells(Row row) {
		List<String> values = new ArrayList<>();
		row.forEach((c) -> values.add(c.getStringCellValue()));
		return values;
	}

}
