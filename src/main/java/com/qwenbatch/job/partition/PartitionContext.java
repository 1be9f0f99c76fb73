package com.qwenbatch.job.partition;

import com.qwenbatch.source.SourceSlice;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** What a partition's execution context says about it: its number and its slice of the source. */
final class PartitionContext {

	private static final String INDEX = "partition.index";

	private static final String COUNT = "partition.count";

	private static final String AFTER = "partition.after";

	private static final String UP_TO = "partition.upTo";

	private static final String EMPTY = "partition.empty";

	private PartitionContext() {
	}

	static ExecutionContext of(int index, int count, SourceSlice slice) {
		ExecutionContext context = new ExecutionContext();
		context.putInt(INDEX, index);
		context.putInt(COUNT, count);
		if (slice.after() != null) {
			context.put(AFTER, slice.after());
		}
		if (slice.upTo() != null) {
			context.put(UP_TO, slice.upTo());
		}
		context.put(EMPTY, slice.empty());
		return context;
	}

	static SourceSlice slice(ExecutionContext context) {
		if (!context.containsKey(INDEX)) {
			throw new IllegalStateException("not a partition of a scaled-out run: no " + INDEX + " in its context");
		}
		if (Boolean.TRUE.equals(context.get(EMPTY))) {
			return SourceSlice.EMPTY;
		}
		return SourceSlice.between(context.get(AFTER), context.get(UP_TO));
	}

	/** "2/4" (1-based), for progress lines. */
	static String label(ExecutionContext context) {
		return (context.getInt(INDEX, -1) + 1) + "/" + context.getInt(COUNT, 0);
	}

}
