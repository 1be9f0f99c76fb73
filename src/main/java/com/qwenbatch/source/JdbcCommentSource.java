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
 * Reads comments from a table or a query, ordered by id, a page at a time with keyset paging
 * ({@code id > last}), so a restart continues after the last committed id. Names are checked
 * against a strict pattern: nothing read from data ever becomes SQL.
 */
public final class JdbcCommentSource implements CommentSource {

	private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";

	private final DataSource dataSource;

	private final String name;

	private final String pageSql;

	private final JdbcColumns columns;

	private final int pageSize;

	private final int maxChars;

	private final Deque<SourceRecord> page = new ArrayDeque<>();

	private final Deque<Object> pageIds = new ArrayDeque<>();

	private Object lastId;

	private Object positionId;

	private boolean exhausted;

	/** Column names in the source. */
	public record JdbcColumns(String id, String text, String createdAt, String channel) {

		public static JdbcColumns defaults() {
			return new JdbcColumns("id", "text", "created_at", "channel");
		}

	}

	public JdbcCommentSource(DataSource dataSource, String table, String query, JdbcColumns columns, int pageSize,
			int maxChars, Object startAfterId) {
		this(dataSource, table, query, columns, pageSize, maxChars, startAfterId, null);
	}

	/**
	 * Reads the ids in {@code (startAfterId, upToId]}; either bound may be null (open). A partition
	 * of a scaled-out run is such a range.
	 */
	public JdbcCommentSource(DataSource dataSource, String table, String query, JdbcColumns columns, int pageSize,
			int maxChars, Object startAfterId, Object upToId) {
		this.dataSource = dataSource;
		this.afterId = startAfterId;
		this.upToId = upToId;
		this.columns = columns;
		this.pageSize = pageSize;
		this.maxChars = maxChars;
		this.lastId = startAfterId;
		this.positionId = startAfterId;
		for (String column : new String[] { columns.id(), columns.text(), columns.createdAt(), columns.channel() }) {
			if (column != null && !column.matches(IDENTIFIER)) {
				throw new SourceException("column name '" + column + "' is not a plain SQL identifier");
			}
		}
		String from;
		if (table != null) {
			if (!table.matches(IDENTIFIER)) {
				throw new SourceException("--source-table '" + table + "' is not a plain table name");
			}
			from = table;
		}
		else {
			from = "(" + query + ") q";
		}
		this.name = sourceName(table, query);
		this.from = from;
		String id = columns.id();
		String upTo = upToId == null ? "" : " AND " + id + " <= ?";
		this.pageSql = "SELECT * FROM " + from + " WHERE " + id + " > ?" + upTo + " ORDER BY " + id + " LIMIT ?";
		this.firstPageSql = "SELECT * FROM " + from + " WHERE 1 = 1" + upTo + " ORDER BY " + id + " LIMIT ?";
	}

	private final String from;

	private final Object afterId;

	private final Object upToId;

	private final String firstPageSql;

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
		try (Connection c = this.dataSource.getConnection();
				PreparedStatement st = c.prepareStatement(this.lastId == null ? this.firstPageSql : this.pageSql)) {
			int p = 1;
			if (this.lastId != null) {
				st.setObject(p++, this.lastId);
			}
			if (this.upToId != null) {
				st.setObject(p++, this.upToId);
			}
			st.setInt(p, this.pageSize);
			try (ResultSet rs = st.executeQuery()) {
				ResultSetMetaData meta = rs.getMetaData();
				int textIndex = indexOf(meta, this.columns.text());
				int idIndex = indexOf(meta, this.columns.id());
				int dateIndex = this.columns.createdAt() == null ? -1 : indexOf(meta, this.columns.createdAt());
				int channelIndex = this.columns.channel() == null ? -1 : indexOf(meta, this.columns.channel());
				if (textIndex < 0 || idIndex < 0) {
					throw new SourceException(this.name + ": column '" + (idIndex < 0 ? this.columns.id() : this.columns.text())
							+ "' is missing (use --id-column / --text-column)");
				}
				int rows = 0;
				while (rs.next()) {
					rows++;
					Object id = rs.getObject(idIndex);
					this.lastId = id;
					this.pageIds.add(id);
					this.page.add(toRecord(String.valueOf(id), rs.getString(textIndex),
							dateIndex < 0 ? null : rs.getString(dateIndex), channelIndex < 0 ? null : rs.getString(channelIndex)));
				}
				this.exhausted = rows < this.pageSize;
			}
		}
		catch (SQLException ex) {
			throw new SourceException(this.name + ": cannot read: " + ex.getMessage(), ex);
		}
	}

	private SourceRecord toRecord(String id, String text, String createdAt, String channel) {
		var violation = TextRule.check(text, this.maxChars, "");
		if (violation.isPresent()) {
			return new SourceRecord.Rejected(new RejectedRow(this.name, 0, id, violation.get().reason(), violation.get().raw()));
		}
		return new SourceRecord.Accepted(new Comment(this.name, id, text.strip(), createdAt, channel, 0));
	}

	private static int indexOf(ResultSetMetaData meta, String column) throws SQLException {
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			if (meta.getColumnLabel(i).toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
				return i;
			}
		}
		return -1;
	}

	/** The source name stored with each result: the table, or "query". */
	public static String sourceName(String table, String query) {
		return table != null ? table : "query";
	}

	/** Rows in this source's id range (all of them when unbounded), for progress. */
	public long count() {
		List<Object> bounds = new ArrayList<>();
		String sql = "SELECT COUNT(*) FROM " + this.from + " WHERE 1 = 1" + rangeCondition(bounds);
		try (Connection c = this.dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
			bind(st, bounds);
			try (ResultSet rs = st.executeQuery()) {
				return rs.next() ? rs.getLong(1) : -1;
			}
		}
		catch (SQLException ex) {
			throw new SourceException(this.name + ": cannot count rows: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Splits this source's id range into at most {@code parts} ranges of about the same number of
	 * rows: returns the inclusive upper id of every range but the last (which is open), so range i
	 * is (bound[i-1], bound[i]]. Fewer bounds come back when there are fewer rows than parts.
	 */
	public List<Object> splitPoints(int parts) {
		long rows = count();
		List<Object> bounds = new ArrayList<>();
		String sql = "SELECT " + this.columns.id() + " FROM " + this.from + " WHERE 1 = 1" + rangeCondition(bounds)
				+ " ORDER BY " + this.columns.id() + " LIMIT 1 OFFSET ?";
		List<Object> points = new ArrayList<>();
		try (Connection c = this.dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
			for (int i = 1; i < parts; i++) {
				long offset = rows * i / parts - 1;
				if (offset < 0) {
					continue; // fewer rows than parts
				}
				bind(st, bounds);
				st.setLong(bounds.size() + 1, offset);
				try (ResultSet rs = st.executeQuery()) {
					if (rs.next() && (points.isEmpty() || !rs.getObject(1).equals(points.get(points.size() - 1)))) {
						points.add(rs.getObject(1));
					}
				}
			}
			return points;
		}
		catch (SQLException ex) {
			throw new SourceException(this.name + ": cannot split into id ranges: " + ex.getMessage(), ex);
		}
	}

	private String rangeCondition(List<Object> bounds) {
		StringBuilder sql = new StringBuilder();
		if (this.afterId != null) {
			sql.append(" AND ").append(this.columns.id()).append(" > ?");
			bounds.add(this.afterId);
		}
		if (this.upToId != null) {
			sql.append(" AND ").append(this.columns.id()).append(" <= ?");
			bounds.add(this.upToId);
		}
		return sql.toString();
	}

	private static void bind(PreparedStatement st, List<Object> values) throws SQLException {
		for (int i = 0; i < values.size(); i++) {
			st.setObject(i + 1, values.get(i));
		}
	}

	/** The id of the last record handed out (restart and watermark position). */
	@Override
	public Object position() {
		return this.positionId;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void close() {
		this.page.clear();
	}

}
