package com.qwenbatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/** The one place where H2 and PostgreSQL SQL differ: upserts. */
enum SqlDialect {

	H2, POSTGRESQL;

	static SqlDialect of(DataSource dataSource) {
		try (Connection c = dataSource.getConnection()) {
			String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			if (product.contains("postgres")) {
				return POSTGRESQL;
			}
			if (product.contains("h2")) {
				return H2;
			}
			throw new IllegalStateException("unsupported results database: " + product + " (use H2 or PostgreSQL)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot connect to the results database: " + ex.getMessage(), ex);
		}
	}

	/** INSERT, or UPDATE the row with the same key. */
	String upsert(String table, List<String> keys, List<String> columns) {
		String cols = String.join(", ", columns);
		String params = columns.stream().map((c) -> "?").collect(Collectors.joining(", "));
		return switch (this) {
			case H2 ->
				"MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", keys) + ") VALUES (" + params + ")";
			case POSTGRESQL -> "INSERT INTO " + table + " (" + cols + ") VALUES (" + params + ") ON CONFLICT ("
					+ String.join(", ", keys) + ") DO UPDATE SET "
					+ columns.stream()
						.filter((c) -> !keys.contains(c))
						.map((c) -> c + " = EXCLUDED." + c)
						.collect(Collectors.joining(", "));
		};
	}

}
