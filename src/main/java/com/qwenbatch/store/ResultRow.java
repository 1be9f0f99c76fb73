package com.qwenbatch.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of the results table as the report reads it: every column, named and typed.
 * {@code output} is the follow-up task's output (a reply, a summary, another label).
 */
public record ResultRow(String source, String id, String text, String commentDate, String channel, String sentiment,
		double confidence, String task, String output, String stopReason, String modelId, String modelPrecision,
		String promptVersion, int tokensIn, int tokensOut, long latencyMs, long jobExecutionId) {

	static ResultRow of(ResultSet rs) throws SQLException {
		String output = rs.getString("task_output");
		return new ResultRow(rs.getString("source"), rs.getString("id"), rs.getString("text"),
				rs.getString("comment_date"), rs.getString("channel"), rs.getString("sentiment"),
				rs.getDouble("confidence"), rs.getString("task"), output, rs.getString("stop_reason"),
				rs.getString("model_id"), rs.getString("model_precision"), rs.getString("prompt_version"),
				rs.getInt("tokens_in"), rs.getInt("tokens_out"), rs.getLong("latency_ms"),
				rs.getLong("job_execution_id"));
	}

	/** The reply for this comment, when its task wrote one. */
	public String reply() {
		return "reply".equals(this.task) ? this.output : null;
	}

	public String summary() {
		return "summary".equals(this.task) ? this.output : null;
	}

}
