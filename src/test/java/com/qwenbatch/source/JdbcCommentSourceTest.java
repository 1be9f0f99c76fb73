package com.qwenbatch.source;

import java.util.ArrayList;
import java.util.List;

import com.qwenbatch.comment.SourceRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcCommentSourceTest {

	private static final String URL = "jdbc:h2:mem:jdbcsource;DB_CLOSE_DELAY=-1";

	private final Sources sources = new Sources(new SourceConnections(null, null, DatabaseAddress.Credentials.NONE));

	@Test
	void textsOverTheLimitEmptyTextsAndControlCharactersAreHandledAlike() {
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(URL));
		jdbc.execute("CREATE TABLE c (id INT PRIMARY KEY, text VARCHAR(2000))");
		jdbc.update("INSERT INTO c VALUES (1, ?), (2, ?), (3, ?), (4, ?), (5, ?)", "短评", "长".repeat(60), " ",
				"好\u0000评\u0007", "\u0000 \u001b ");
		SourceSpec table = new SourceSpec.Table(DatabaseAddress.parse(URL).address(), "c",
				new SourceSpec.ColumnNames(null, null, null, null));
		List<SourceRecord> records = new ArrayList<>();
		// a limit of 50 with a 60-character text: below the 1000 characters kept as the
		// raw excerpt
		try (CommentSource source = this.sources.open(table, this.sources.whole(table, null), 50, 2)) {
			SourceRecord r;
			while ((r = source.next()) != null) {
				records.add(r);
			}
		}
		assertThat(records).hasSize(5);
		assertThat(records.get(0)).isInstanceOf(SourceRecord.Accepted.class);
		SourceRecord.Rejected tooLong = (SourceRecord.Rejected) records.get(1);
		assertThat(tooLong.row().reason()).isEqualTo("text longer than 50 characters (60)");
		assertThat(tooLong.row().raw()).hasSize(60);
		assertThat(((SourceRecord.Rejected) records.get(2)).row().reason()).isEqualTo("empty text");
		assertThat(((SourceRecord.Accepted) records.get(3)).comment().text()).isEqualTo("好评");
		assertThat(((SourceRecord.Rejected) records.get(4)).row().reason()).as("only control characters and spaces")
			.isEqualTo("empty text");
		assertThat(this.sources.count(table, this.sources.whole(table, 2))).isEqualTo(3);
	}

}
