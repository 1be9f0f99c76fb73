package com.qwenbatch.source;

import java.util.ArrayList;
import java.util.List;

import com.qwenbatch.comment.SourceRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcCommentSourceTest {

	@Test
	void textsOverTheLimitAndEmptyTextsAreRejectedWhateverTheLimit() {
		DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:jdbcsource;DB_CLOSE_DELAY=-1");
		JdbcTemplate jdbc = new JdbcTemplate(db);
		jdbc.execute("CREATE TABLE c (id INT PRIMARY KEY, text VARCHAR(2000))");
		jdbc.update("INSERT INTO c VALUES (1, ?), (2, ?), (3, ?)", "短评", "长".repeat(60), " ");
		List<SourceRecord> records = new ArrayList<>();
		// a limit of 50 with a 60-character text: below the 1000 characters kept as the raw excerpt
		try (JdbcCommentSource source = new JdbcCommentSource(db, "c", null,
				new JdbcCommentSource.JdbcColumns("id", "text", null, null), 2, 50, null)) {
			SourceRecord r;
			while ((r = source.next()) != null) {
				records.add(r);
			}
		}
		assertThat(records).hasSize(3);
		assertThat(records.get(0)).isInstanceOf(SourceRecord.Accepted.class);
		SourceRecord.Rejected tooLong = (SourceRecord.Rejected) records.get(1);
		assertThat(tooLong.row().reason()).isEqualTo("text longer than 50 characters (60)");
		assertThat(tooLong.row().raw()).hasSize(60);
		assertThat(((SourceRecord.Rejected) records.get(2)).row().reason()).isEqualTo("empty text");
		assertThat(JdbcCommentSource.sourceName("c", null)).isEqualTo("c");
	}

}
