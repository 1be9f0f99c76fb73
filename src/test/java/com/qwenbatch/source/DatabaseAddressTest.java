package com.qwenbatch.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Credentials never reach what is stored; the same database has one key however its URL
 * is written.
 */
class DatabaseAddressTest {

	@Test
	void credentialsAreTakenOutOfTheUrl() {
		DatabaseAddress.Parsed parsed = DatabaseAddress
			.parse("jdbc:postgresql://db.example:5432/shop?user=etl&password=s3cr%40t&ssl=true");
		assertThat(parsed.address().url()).isEqualTo("jdbc:postgresql://db.example:5432/shop?ssl=true");
		assertThat(parsed.credentials()).isEqualTo(new DatabaseAddress.Credentials("etl", "s3cr@t"));
		assertThat(parsed.credentials().toString()).doesNotContain("s3cr");

		DatabaseAddress.Parsed userInfo = DatabaseAddress.parse("jdbc:postgresql://etl:pw@db.example/shop");
		assertThat(userInfo.address().url()).isEqualTo("jdbc:postgresql://db.example/shop");
		assertThat(userInfo.credentials().password()).isEqualTo("pw");

		DatabaseAddress.Parsed h2 = DatabaseAddress.parse("jdbc:h2:file:./data/x;USER=sa;PASSWORD=pw;MODE=PostgreSQL");
		assertThat(h2.address().url()).isEqualTo("jdbc:h2:file:./data/x;MODE=PostgreSQL");
		assertThat(h2.credentials()).isEqualTo(new DatabaseAddress.Credentials("sa", "pw"));
	}

	@Test
	void theKeyIgnoresCredentialsParameterOrderAndTheDefaultPort() {
		String a = DatabaseAddress.parse("jdbc:postgresql://DB.example/shop?password=one&currentSchema=s&ssl=true")
			.address()
			.key();
		String b = DatabaseAddress
			.parse("jdbc:postgresql://db.example:5432/shop?ssl=true&currentSchema=s&user=x&password=two")
			.address()
			.key();
		assertThat(a).isEqualTo(b).isEqualTo("postgresql://db.example:5432/shop?currentSchema=s").doesNotContain("one");
		assertThat(DatabaseAddress.parse("jdbc:postgresql://db.example/shop?currentSchema=other").address().key())
			.isNotEqualTo(a);
	}

	@Test
	void freeTextIsRedacted() {
		assertThat(DatabaseAddress.redactFreeText("jdbc:x://h/db?user=a&password=hunter2"))
			.isEqualTo("jdbc:x://h/db?user=a&password=****");
		assertThat(DatabaseAddress.redactFreeText("amqp://guest:guest@127.0.0.1:5672"))
			.isEqualTo("amqp://guest:****@127.0.0.1:5672");
		assertThatThrownBy(() -> DatabaseAddress.parse("postgres://h/db")).isInstanceOf(SourceException.class)
			.hasMessageContaining("not a JDBC URL");
	}

	@Test
	void aSourceQueryIsExactlyOneSelect() {
		assertThat(SelectStatement.check("  select id, text from t where x = ';' ;  "))
			.isEqualTo("select id, text from t where x = ';'");
		assertThat(SelectStatement.check("WITH a AS (SELECT 1 AS id) SELECT * FROM a")).startsWith("WITH");
		assertThat(SelectStatement.check("/* lead */ (SELECT $$;$$ AS text, 1 AS id)")).contains("$$;$$");
		assertThatThrownBy(() -> SelectStatement.check("select 1; DROP TABLE qb_result"))
			.isInstanceOf(SourceException.class)
			.hasMessageContaining("one SELECT statement");
		assertThatThrownBy(() -> SelectStatement.check("DELETE FROM comments")).isInstanceOf(SourceException.class)
			.hasMessageContaining("not DELETE");
		assertThatThrownBy(() -> SelectStatement.check("select 1 -- ;\n; drop table t"))
			.hasMessageContaining("second statement");
	}

}
