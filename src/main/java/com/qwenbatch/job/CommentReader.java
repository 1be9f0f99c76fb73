package com.qwenbatch.job;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.SourceRecord;
import com.qwenbatch.source.CommentSource;
import com.qwenbatch.source.SourceSlice;
import com.qwenbatch.source.SourceSpec;
import com.qwenbatch.source.Sources;
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

	private final SourceSpec spec;

	private final Sources sources;

	private final SourceSlice slice;

	private final int maxChars;

	private final int pageSize;

	/** Records to read at most (0: all): {@code --limit}. */
	private final long limit;

	private CommentSource source;

	private long total = -1;

	private long consumed;

	/**
	 * Reads {@code slice} of the run's source: all of it, all after a watermark, or one
	 * partition.
	 */
	CommentReader(RunRequest request, Sources sources, SourceSlice slice) {
		this.spec = request.source();
		this.sources = sources;
		this.slice = slice;
		this.maxChars = request.limits().maxChars();
		this.pageSize = Math.max(100, request.limits().batchSize() * 8);
		this.limit = request.limits().limit();
	}

	@Override
	public void open(ExecutionContext context) throws ItemStreamException {
		Object position = context.containsKey(POSITION) ? context.get(POSITION) : null;
		this.consumed = context.getLong(CONSUMED, 0);
		long all = this.sources.count(this.spec, this.slice);
		this.total = this.limit > 0 ? Math.min(all, this.limit) : all;
		SourceSlice rest = position == null ? this.slice : this.slice.continuingAfter(position);
		this.source = this.sources.open(this.spec, rest, this.maxChars, this.pageSize);
	}

	@Override
	public Comment read() {
		if (this.limit > 0 && this.consumed >= this.limit) {
			return null;
		}
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

	/**
	 * Records read (accepted and rejected) by the committed chunks, whatever the source.
	 */
	static long rowsConsumed(ExecutionContext context) {
		return context.getLong(CONSUMED, 0);
	}

	static Object lastPosition(ExecutionContext context) {
		return context.containsKey(POSITION) ? context.get(POSITION) : null;
	}

}
