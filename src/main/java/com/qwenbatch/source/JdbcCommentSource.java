package com.qwenbatch.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.RejectedRow;
import com.qwenbatch.comment.SourceRecord;

/**
 * Reads comments from a table or a query, ordered by id, a page at a time with keyset
 * paging ({@code id > last}), so a restart continues after the last committed id. Every
 * statement runs in a read-only transaction; names are checked against a strict pattern,
 * and nothing read from data ever becomes SQL.
 */
final class JdbcCommentSource implements CommentSource {

	private final DataSource dataSource;

	private final Relation relation;

	private final JdbcColumns columns;

	private final int pageSize;

	private final int maxChars;

	private final SourceSlice.Ids range;

	private final Deque<SourceRecord> page = new ArrayDeque<>();

	private final Deque<Object> pageIds = new ArrayDeque<>();

	private Object lastId;

	private Object positionId;

	private boolean exhausted;

	/** Column names in the source. */
	record JdbcColumns(String id, String text, String createdAt, String channel) {

		/**
		 * The names given, or the usual ones; each must be a plain SQL name (it becomes
		 * SQL).
		 */
		static JdbcColumns of(SourceSpec.ColumnNames names) {
			JdbcColumns columns = new JdbcColumns(or(names.id(), "id"), or(names.text(), "text"),
					or(names.date(), "created_at"), or(names.channel(), "channel"));
			for (String column : new String[] { columns.id(), columns.text(), columns.createdAt(),
					columns.channel() }) {
				Relation.checkIdentifier(column, "column name");
			}
			return columns;
		}

		private static String or(String value, String fallback) {
			return value != null ? value : fallback;
		}

	}

	/** Reads the ids of {@code range}. */
	JdbcCommentSource(DataSource dataSource, Relation relation, JdbcColumns columns, int pageSize, int maxChars,
			SourceSlice.Ids range) {
		this.dataSource = dataSource;
		this.relation = relation;
		this.columns = columns;
		this.pageSize = pageSize;
		this.maxChars = maxChars;
		this.range = range;
		this.lastId = range.after();
		this.positionId = this.lastId;
	}

	@Override
	public SourceRecord next() {
		if (this.page.isEmpty() && !this.exhausted) {
			fetchPage();
		}
		if (this.page.isEmpty()) {
			return null;
		}
		this.positionId = this.pageIds.poll();
		return this.page.poll();
	}

	private void fetchPage() {
		List<Object> values = new ArrayList<>();
		String sql = "SELECT * FROM " + this.relation.from() + where(this.lastId, this.range.upTo(), values)
				+ " ORDER BY " + this.columns.id() + " LIMIT ?";
		values.add(this.pageSize);
		ReadOnly.query(this.dataSource, sql, values, (rs) -> {
			ResultSetMetaData meta = rs.getMetaData();
			int textIndex = indexOf(meta, this.columns.text());
			int idIndex = indexOf(meta, this.columns.id());
			int dateIndex = indexOf(meta, this.columns.createdAt());
			int channelIndex = indexOf(meta, this.columns.channel());
			if (textIndex < 0 || idIndex < 0) {
				throw new SourceException(
						this.relation.name() + ": column '" + (idIndex < 0 ? this.columns.id() : this.columns.text())
								+ "' is missing (use --id-column / --text-column)");
			}
			int rows = 0;
			while (rs.next()) {
				rows++;
				Object id = rs.getObject(idIndex);
				this.lastId = id;
				this.pageIds.add(id);
				this.page.add(toRecord(String.valueOf(id), rs.getString(textIndex),
						dateIndex < 0 ? null : rs.getString(dateIndex),
						channelIndex < 0 ? null : rs.getString(channelIndex)));
			}
			this.exhausted = rows < this.pageSize;
			return null;
		}, this.relation.name() + ": cannot read");
	}

	private SourceRecord toRecord(String id, String text, String createdAt, String channel) {
		String clean = TextRule.clean(text);
		var violation = TextRule.check(clean, this.maxChars, "");
		if (violation.isPresent()) {
			return new SourceRecord.Rejected(new RejectedRow(this.relation.name(), 0, TextRule.clean(id),
					violation.get().reason(), violation.get().raw()));
		}
		return new SourceRecord.Accepted(new Comment(this.relation.name(), TextRule.clean(id), clean.strip(),
				TextRule.clean(createdAt), TextRule.clean(channel), 0));
	}

	private static int indexOf(ResultSetMetaData meta, String column) throws SQLException {
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			if (meta.getColumnLabel(i).toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
				return i;
			}
		}
		return -1;
	}

	/** Rows in this source's id range, for progress. */
	long count() {
		List<Object> values = new ArrayList<>();
		String sql = "SELECT COUNT(*) FROM " + this.relation.from()
				+ where(this.range.after(), this.range.upTo(), values);
		return ReadOnly.query(this.dataSource, sql, values, (rs) -> rs.next() ? rs.getLong(1) : -1L,
				this.relation.name() + ": cannot count rows");
	}

	/**
	 * Splits this source's id range into at most {@code parts} ranges of about the same
	 * number of rows: returns the inclusive upper id of every range but the last (which
	 * is open), so range i is (bound[i-1], bound[i]]. Fewer bounds come back when there
	 * are fewer rows than parts.
	 */
	List<Object> splitPoints(int parts) {
		long rows = count();
		List<Object> points = new ArrayList<>();
		for (int i = 1; i < parts; i++) {
			long offset = rows * i / parts - 1;
			if (offset < 0) {
				continue; // fewer rows than parts
			}
			List<Object> values = new ArrayList<>();
			String sql = "SELECT " + this.columns.id() + " FROM " + this.relation.from()
					+ where(this.range.after(), this.range.upTo(), values) + " ORDER BY " + this.columns.id()
					+ " LIMIT 1 OFFSET ?";
			values.add(offset);
			Object point = ReadOnly.query(this.dataSource, sql, values, (rs) -> rs.next() ? rs.getObject(1) : null,
					this.relation.name() + ": cannot split into id ranges");
			if (point != null && (points.isEmpty() || !point.equals(points.get(points.size() - 1)))) {
				points.add(point);
			}
		}
		return points;
	}

	/**
	 * {@code WHERE id > ? AND id <= ?} for the bounds that are set, their values added to
	 * {@code values}.
	 */
	private String where(Object after, Object upTo, List<Object> values) {
		StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
		if (after != null) {
			sql.append(" AND ").append(this.columns.id()).append(" > ?");
			values.add(after);
		}
		if (upTo != null) {
			sql.append(" AND ").append(this.columns.id()).append(" <= ?");
			values.add(upTo);
		}
		return sql.toString();
	}

	/** The id of the last record handed out (restart and watermark position). */
	@Override
	public Object position() {
		return this.positionId;
	}

	@Override
	public String name() {
		return this.relation.name();
	}

	@Override
	public void close() {
		this.page.clear();
	}

}
