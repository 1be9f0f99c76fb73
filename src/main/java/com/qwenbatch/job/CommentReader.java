package com.qwenbatch.job;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.function.Function;

import javax.sql.DataSource;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.SourceRecord;
import com.qwenbatch.source.CommentSource;
import com.qwenbatch.source.CsvColumns;
import com.qwenbatch.source.CsvCommentSource;
import com.qwenbatch.source.JdbcCommentSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Adapts a {@link CommentSource} to Spring Batch: comments come out as items, bad rows as
 * skippable {@link RowRejectedException}s, and the source's position is saved with every
 * committed chunk so a restart continues right after it.
 */
class CommentReader implements ItemStreamReader<Comment> {

	static final String NAME = "commentReader";

	private static final String POSITION = NAME + ".position";

	private static final String CONSUMED = NAME + ".consumed";

	private final RunSettings settings;

	private final Function<String, DataSource> sourceDataSource;

	private final Object startAfterId;

	private CommentSource source;

	private long total = -1;

	private long consumed;

	CommentReader(RunSettings settings, Function<String, DataSource> sourceDataSource, Object startAfterId) {
		this.settings = settings;
		this.sourceDataSource = sourceDataSource;
		this.startAfterId = startAfterId;
	}

	@Override
	public void open(ExecutionContext context) throws ItemStreamException {
		Object position = context.containsKey(POSITION) ? context.get(POSITION) : null;
		this.consumed = context.getLong(CONSUMED, 0);
		RunSettings s = this.settings;
		if (!s.fromDatabase()) {
			Path file = Path.of(s.input());
			Charset charset = Charset.forName(s.encoding());
			long skip = position == null ? 0 : ((Number) position).longValue();
			this.source = new CsvCommentSource(file, charset,
					new CsvColumns.Names(s.idColumn(), s.textColumn(), s.dateColumn(), s.channelColumn()), s.maxChars(),
					skip);
			this.total = CsvCommentSource.countRecords(file, charset);
		}
		else {
			JdbcCommentSource.JdbcColumns defaults = JdbcCommentSource.JdbcColumns.defaults();
			JdbcCommentSource jdbc = new JdbcCommentSource(this.sourceDataSource.apply(s.sourceDb()), s.sourceTable(),
					s.sourceQuery(),
					new JdbcCommentSource.JdbcColumns(or(s.idColumn(), defaults.id()), or(s.textColumn(), defaults.text()),
							or(s.dateColumn(), defaults.createdAt()), or(s.channelColumn(), defaults.channel())),
					Math.max(100, s.batchSize() * 8), s.maxChars(), position != null ? position : this.startAfterId);
			this.total = jdbc.count();
			this.source = jdbc;
		}
	}

	private static String or(String value, String fallback) {
		return value != null ? value : fallback;
	}

	@Override
	public Comment read() {
		SourceRecord record = this.source.next();
		if (record == null) {
			return null;
		}
		this.consumed++;
		if (record instanceof SourceRecord.Rejected rejected) {
			throw new RowRejectedException(rejected.row());
		}
		return ((SourceRecord.Accepted) record).comment();
	}

	@Override
	public void update(ExecutionContext context) throws ItemStreamException {
		if (this.source != null && this.source.position() != null) {
			context.put(POSITION, this.source.position());
		}
		context.putLong(CONSUMED, this.consumed);
	}

	@Override
	public void close() throws ItemStreamException {
		if (this.source != null) {
			this.source.close();
		}
	}

	/** Records in the whole source (-1 when unknown), for progress. */
	long total() {
		return this.total;
	}

	/** Records read (accepted and rejected) by the committed chunks, whatever the source. */
	static long rowsConsumed(ExecutionContext context) {
		return context.getLong(CONSUMED, 0);
	}

	static Object lastPosition(ExecutionContext context) {
		return context.containsKey(POSITION) ? context.get(POSITION) : null;
	}

}
