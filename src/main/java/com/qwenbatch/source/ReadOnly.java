package com.qwenbatch.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

/**
 * Runs a source statement in a read-only transaction (JDBC read-only, auto-commit off:
 * PostgreSQL then refuses any write, also one hidden in a query), with bound values only.
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
					T result = reader.read(rs);
					c.rollback();
					return result;
				}
			}
			catch (SQLException ex) {
				rollbackQuietly(c, ex);
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new SourceException(what + ": " + ex.getMessage().lines().findFirst().orElse(""), ex);
		}
	}

	/**
	 * Ends the transaction after a failure without hiding that failure (the connection
	 * may be gone).
	 */
	private static void rollbackQuietly(Connection c, SQLException failure) {
		try {
			c.rollback();
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

}
