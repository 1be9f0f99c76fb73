package com.qwenbatch.cli;

import java.sql.SQLException;
import java.util.Locale;

import com.qwenbatch.job.DatabaseFailures;
import com.qwenbatch.job.DiskFull;
import com.qwenbatch.job.JobRunner;
import com.qwenbatch.llm.ModelException;
import com.qwenbatch.prompt.PromptException;
import com.qwenbatch.source.DatabaseAddress;
import com.qwenbatch.source.SourceException;
import com.qwenbatch.store.RunLease;
import org.springframework.core.NestedExceptionUtils;

/**
 * What a failed command tells its user: one line, and the exit code that goes with it.
 */
record Failure(int exitCode, String message) {

	static Failure of(Throwable failure, String resultsDatabase) {
		if (failure instanceof UsageException || failure instanceof PromptException
				|| failure instanceof SourceException || failure instanceof ModelException
				|| failure instanceof JobRunner.ResumeConflictException) {
			return new Failure(ExitCodes.BAD_ARGUMENTS, firstLine(failure.getMessage()));
		}
		if (failure instanceof RunLease.HeldElsewhereException) {
			return new Failure(ExitCodes.ALREADY_RUNNING, failure.getMessage());
		}
		if (failure instanceof JobRunner.DatabaseUnavailableException) {
			return new Failure(ExitCodes.FAILED, failure.getMessage());
		}
		java.util.Optional<String> noSpace = DiskFull.reason(failure);
		if (noSpace.isPresent()) {
			String where = DiskFull.fromDatabase(failure)
					? "the results database" + (resultsDatabase == null ? ""
							: " (" + DatabaseAddress.parse(resultsDatabase).address().describe() + ")")
					: "a file it writes";
			return new Failure(ExitCodes.FAILED, DiskFull.problem(where, firstLine(noSpace.get())));
		}
		SQLException sql = find(failure, SQLException.class);
		if (sql != null) {
			return database(sql, failure, resultsDatabase);
		}
		String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
		return new Failure(ExitCodes.FAILED, firstLine(message));
	}

	private static Failure database(SQLException sql, Throwable failure, String resultsDatabase) {
		String where = resultsDatabase == null ? "the results database"
				: "the results database at " + DatabaseAddress.parse(resultsDatabase).address().describe();
		String state = sql.getSQLState() == null ? "" : sql.getSQLState();
		String reason = firstLine(rootMessage(sql));
		if (state.equals("90020") || reason.toLowerCase(Locale.ROOT).contains("already in use")) {
			return new Failure(ExitCodes.ALREADY_RUNNING,
					where + " is open in another process (a run still going? H2 files allow one process at a time): "
							+ reason);
		}
		if (state.startsWith("28")) {
			return new Failure(ExitCodes.BAD_ARGUMENTS, "cannot log in to " + where + ": " + reason
					+ " (set SPRING_DATASOURCE_USERNAME / SPRING_DATASOURCE_PASSWORD)");
		}
		if (DatabaseFailures.isConnectionLoss(failure)) {
			return new Failure(ExitCodes.FAILED, "cannot connect to " + where + ": " + reason);
		}
		return new Failure(ExitCodes.FAILED, where + ": " + reason);
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	private static String rootMessage(Throwable t) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(t);
		return root.getMessage() == null ? root.toString() : root.getMessage();
	}

	private static String firstLine(String text) {
		return text == null ? "" : DatabaseAddress.redactFreeText(text.lines().findFirst().orElse("").strip());
	}

}
