package com.qwenbatch.job;

import java.nio.charset.Charset;
import java.nio.file.Path;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.SourceRecord;
import com.qwenbatch.source.CommentSource;
import com.qwenbatch.source.CsvColumns;
import com.qwenbatch.source.CsvCommentSource;
import com.qwenbatch.source.JdbcCommentSource;
import com.qwenbatch.source.SourceSlice;
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

	private final SourceDataSources sources;

	private final SourceSlice slice;

	private CommentSource source;

	private long total = -1;

	private long consumed;

	/** Reads {@code slice} of the run's source: all of it, all after a watermark, or one partition. */
	CommentReader(RunSettings settings, SourceDataSources sources, SourceSlice slice) {
		this.settings = settings;
		this.sources = sources;
		this.slice = slice;
	}

	@Override
	public void open(ExecutionContext context) throws ItemStreamException {
		Object position = context.containsKey(POSITION) ? context.get(POSITION) : null;
		this.consumed = context.getLong(CONSUMED, 0);
		RunSettings s = this.settings;
		if (this.slice.empty()) {
			this.total = 0;
			this.source = CommentSource.NONE;
		}
		else if (!s.fromDatabase()) {
			Path file = Path.of(s.input());
			Charset charset = Charset.forName(s.encoding());
			long skip = position == null ? this.slice.firstRecord() : ((Number) position).longValue();
			this.source = new CsvCommentSource(file, charset,
					new CsvColumns.Names(s.idColumn(), s.textColumn(), s.dateColumn(), s.channelColumn()), s.maxChars(),
					skip, this.slice.endRecord());
			// a partition's slice says where it ends: only an open slice needs a pass over the file
			long end = this.slice.upTo() != null ? this.slice.endRecord()
					: CsvCommentSource.countRecords(file, charset);
			this.total = Math.max(0, end - this.slice.firstRecord());
		}
		else {
			this.total = jdbcSource(this.slice.after()).count();
			this.source = jdbcSource(position != null ? position : this.slice.after());
		}
	}

	private JdbcCommentSource jdbcSource(Object startAfterId) {
		return this.sources.table(this.settings, startAfterId, this.slice.upTo());
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
