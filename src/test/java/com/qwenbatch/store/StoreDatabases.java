package com.qwenbatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Fresh, migrated results databases for the store's own tests: an H2 one in memory and a
 * schema of its own on the real PostgreSQL server (the production database), so the
 * upserts are checked in both dialects.
 */
public final class StoreDatabases {

	static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

	private StoreDatabases() {
	}

	public static DataSource h2() {
		return migrated(
				new DriverManagerDataSource("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""),
				"h2");
	}

	/** A new schema; {@link #drop} removes it. */
	public static DataSource postgres(String schema) throws SQLException {
		try (Connection c = new DriverManagerDataSource(PG, "postgres", "").getConnection();
				Statement st = c.createStatement()) {
			st.execute("CREATE SCHEMA " + schema);
		}
		return migrated(new DriverManagerDataSource(PG + "?currentSchema=" + schema, "postgres", ""), "postgresql");
	}

	public static void drop(String schema) throws SQLException {
		try (Connection c = new DriverManagerDataSource(PG, "postgres", "").getConnection();
				Statement st = c.createStatement()) {
			st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
	}

	private static DataSource migrated(DataSource dataSource, String vendor) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration/" + vendor, "classpath:db/migration/common")
			.load()
			.migrate();
		return dataSource;
	}

}
