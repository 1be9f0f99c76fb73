package com.qwenbatch.source;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.RejectedRow;
import com.qwenbatch.comment.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvCommentSourceTest {

	@TempDir
	Path tmp;

	private List<SourceRecord> readAll(Path file, Charset charset, SourceSpec.ColumnNames names, long skip) {
		List<SourceRecord> records = new ArrayList<>();
		try (CsvCommentSource source = new CsvCommentSource(file, charset, names, 50, skip)) {
			SourceRecord r;
			while ((r = source.next()) != null) {
				records.add(r);
			}
		}
		return records;
	}

	private Path write(String name, byte[] bytes) throws IOException {
		Path file = this.tmp.resolve(name);
		Files.write(file, bytes);
		return file;
	}

	private static Comment comment(SourceRecord r) {
		return ((SourceRecord.Accepted) r).comment();
	}

	private static RejectedRow rejected(SourceRecord r) {
		return ((SourceRecord.Rejected) r).row();
	}

	@Test
	void quotedFieldsWithCommasQuotesAndNewlinesAndABom() throws IOException {
		String csv = "\uFEFFid,text,created_at,channel\n" + "1,\"好，很好\",2026-11-01,淘宝\n"
				+ "2,\"He said \"\"great\"\"\nsecond line\",2026-11-02,App Store\n" + "3,普通评论,,\n";
		List<SourceRecord> records = readAll(write("a.csv", csv.getBytes(StandardCharsets.UTF_8)),
				StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 0);
		assertThat(records).hasSize(3);
		assertThat(comment(records.get(0)).text()).isEqualTo("好，很好");
		assertThat(comment(records.get(0)).id()).isEqualTo("1");
		assertThat(comment(records.get(1)).text()).isEqualTo("He said \"great\"\nsecond line");
		assertThat(comment(records.get(1)).channel()).isEqualTo("App Store");
		assertThat(comment(records.get(2)).line()).isEqualTo(5); // record 2 spans lines
																	// 3-4
		assertThat(comment(records.get(2)).createdAt()).isNull();
	}

	@Test
	void chineseHeaderNamesAreFoundAndWithoutAnIdColumnTheIdComesFromTheContent() throws IOException {
		String csv = "评论,日期,渠道\n物流很快,2026-11-01,京东\n质量差,2026-11-02,淘宝\n";
		List<SourceRecord> records = readAll(write("cn.csv", csv.getBytes(StandardCharsets.UTF_8)),
				StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 0);
		assertThat(comment(records.get(0)).text()).isEqualTo("物流很快");
		assertThat(comment(records.get(0)).line()).as("the line is kept for people").isEqualTo(2);
		assertThat(comment(records.get(1)).channel()).isEqualTo("淘宝");
		assertThat(comment(records.get(0)).id()).matches("[0-9a-f]{16}").isNotEqualTo(comment(records.get(1)).id());

		// tomorrow's export: a new comment on line 2, yesterday's first one moved to line
		// 4, and the same comment twice
		String tomorrow = "评论,日期,渠道\n包装破损,2026-11-03,京东\n质量差,2026-11-02,淘宝\n物流很快,2026-11-01,京东\n"
				+ "包装破损,2026-11-03,京东\n物流很快,2026-11-01,淘宝\n";
		List<SourceRecord> next = readAll(write("cn2.csv", tomorrow.getBytes(StandardCharsets.UTF_8)),
				StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 0);
		assertThat(comment(next.get(2)).id()).as("same text, date and channel: same id")
			.isEqualTo(comment(records.get(0)).id());
		assertThat(comment(next.get(1)).id()).isEqualTo(comment(records.get(1)).id());
		assertThat(comment(next.get(0)).id()).isNotIn(comment(records.get(0)).id(), comment(records.get(1)).id());
		assertThat(comment(next.get(3)).id()).as("exported twice").isEqualTo(comment(next.get(0)).id());
		assertThat(comment(next.get(4)).id()).as("another channel is another comment")
			.isNotEqualTo(comment(next.get(2)).id());
	}

	@Test
	void idFromTextIgnoresAnIdColumnOfRowNumbersAndRejectedRowsKeepTheirLine() throws IOException {
		Path file = write("rows.csv", "id,text\n1,物流很快\n2,\n".getBytes(StandardCharsets.UTF_8));
		List<SourceRecord> records = new ArrayList<>();
		try (CsvCommentSource source = new CsvCommentSource(file, StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL,
				true, 50, 0, Long.MAX_VALUE)) {
			assertThat(source.idsFromContent()).isTrue();
			for (SourceRecord r; (r = source.next()) != null;) {
				records.add(r);
			}
		}
		assertThat(comment(records.get(0)).id()).matches("[0-9a-f]{16}");
		assertThat(rejected(records.get(1)).id()).isEqualTo("rows.csv:3");
		assertThat(readAll(file, StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 0).get(0))
			.as("without the flag the id column is used")
			.satisfies((r) -> assertThat(comment(r).id()).isEqualTo("1"));
	}

	@Test
	void gb18030FilesReadWithTheRightEncodingAndBadBytesAreRejectedOtherwise() throws IOException {
		String csv = "id,content\n1,默认好评\n2,质量不错\n";
		Path file = write("gbk.csv", csv.getBytes(Charset.forName("GB18030")));
		List<SourceRecord> right = readAll(file, Charset.forName("GB18030"), SourceSpec.ColumnNames.USUAL, 0);
		assertThat(comment(right.get(0)).text()).isEqualTo("默认好评");
		List<SourceRecord> wrong = readAll(file, StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 0);
		assertThat(rejected(wrong.get(0)).reason()).contains("unreadable bytes").contains("GB18030");
		assertThat(rejected(wrong.get(0)).line()).isEqualTo(2);
	}

	@Test
	void badRowsAreRejectedWithLineAndReasonAndReadingGoesOn() throws IOException {
		String csv = "id,text\n1,\n2,ok\n3,a,extra\n4," + "长".repeat(51) + "\n5,fine\n";
		List<SourceRecord> records = readAll(write("bad.csv", csv.getBytes(StandardCharsets.UTF_8)),
				StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 0);
		assertThat(rejected(records.get(0)).reason()).isEqualTo("empty text");
		assertThat(rejected(records.get(0)).line()).isEqualTo(2);
		assertThat(comment(records.get(1)).text()).isEqualTo("ok");
		assertThat(rejected(records.get(2)).reason()).contains("expected 2 fields, found 3");
		assertThat(rejected(records.get(3)).reason()).contains("longer than 50");
		assertThat(comment(records.get(4)).id()).isEqualTo("5");
	}

	@Test
	void anUnterminatedQuoteRejectsTheRestOnce() throws IOException {
		String csv = "id,text\n1,good\n2,\"never closed\n3,x\n";
		List<SourceRecord> records = readAll(write("q.csv", csv.getBytes(StandardCharsets.UTF_8)),
				StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 0);
		assertThat(records).hasSize(2);
		assertThat(rejected(records.get(1)).reason()).contains("malformed CSV");
	}

	@Test
	void restartSkipsTheRecordsAlreadyConsumed() throws IOException {
		String csv = "id,text\n1,a\n2,\"b\nb\"\n3,c\n";
		Path file = write("r.csv", csv.getBytes(StandardCharsets.UTF_8));
		List<SourceRecord> rest = readAll(file, StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 2);
		assertThat(rest).hasSize(1);
		assertThat(comment(rest.get(0)).id()).isEqualTo("3");
		assertThat(CsvCommentSource.countRecords(file, StandardCharsets.UTF_8)).isEqualTo(3);
	}

	@Test
	void aNamedColumnThatIsMissingIsAnErrorNamingIt() throws IOException {
		Path file = write("c.csv", "id,body\n1,x\n".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> readAll(file, StandardCharsets.UTF_8,
				new SourceSpec.ColumnNames(null, "comment_text", null, null), 0))
			.isInstanceOf(SourceException.class)
			.hasMessageContaining("c.csv line 1")
			.hasMessageContaining("comment_text");
		Path none = write("n.csv", "id,foo\n1,x\n".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> readAll(none, StandardCharsets.UTF_8, SourceSpec.ColumnNames.USUAL, 0))
			.hasMessageContaining("no text column");
	}

}
