package com.qwenbatch.job;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.amqp.AmqpException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a lost database connection (a restart, a network cut, a terminated session: worth
 * waiting for) from a refused statement (bad data, a constraint: waiting will not help).
 */
public final class DatabaseFailures {

	private static final String CLOSED = "Connection is closed";

	private DatabaseFailures() {
	}

	public static boolean isConnectionLoss(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof AmqpException) {
				return false; // the broker's connection, not the database's
			}
			// a rollback that failed on the dead connection hides the failure that caused
			// it
			if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null
					&& isConnectionLoss(tx.getApplicationException())) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() == null && CLOSED.equals(sql.getMessage())) {
				return true; // the pool's word for a connection the server ended
			}
			if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
					|| t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
					|| t instanceof ConnectException || t instanceof SocketException || t instanceof EOFException) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null && isConnectionState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (connection exception), PostgreSQL's 57P01-57P03 (administrator
	 * shutdown, crash shutdown, cannot connect now) and H2's 90067/90098 (connection
	 * broken, database closed).
	 */
	private static boolean isConnectionState(String state) {
		return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
				|| state.equals("90067") || state.equals("90098");
	}

}
