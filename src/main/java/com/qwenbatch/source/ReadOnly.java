package com.qwenbatch.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

/**
 * Runs a source statement in a read-only transaction (JDBC read-only, auto-commit off: PostgreSQL
 * then refuses any write, also one hidden in a query), with bound values only.
 */
final class ReadOnly {

	/** Reads a result set. */
	@FunctionalInterface
	interface Reader<T> {

		T read(ResultSet rs) throws SQLException;

	}

	private ReadOnly() {
	}

	static <T> T query(DataSource dataSource, String sql, List<Object> values, Reader<T> reader, String what) {
		try (Connection c = dataSource.getConnection()) {
			c.setAutoCommit(false);
			c.setReadOnly(true);
			try (PreparedStatement st = c.prepareStatement(sql)) {
				for (int i = 0; i < values.size(); i++) {
					st.setObject(i + 1, values.get(i));
				}
				try (ResultSet rs = st.executeQuery()) {
					return reader.read(rs);
				}
			}
			finally {
				c.rollback();
			}
		}
		catch (SQLException ex) {
			throw new SourceException(what + ": " + ex.getMessage(), ex);
		}
	}

}
