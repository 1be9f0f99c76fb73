package com.qwenbatch.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of the rejected-rows table as the report reads it. */
public record RejectionRow(String source, long line, String id, String reason, String raw, long jobExecutionId) {

	static RejectionRow of(ResultSet rs) throws SQLException {
		return new RejectionRow(rs.getString("source"), rs.getLong("line"), rs.getString("id"), rs.getString("reason"),
				rs.getString("raw"), rs.getLong("job_execution_id"));
	}

}
