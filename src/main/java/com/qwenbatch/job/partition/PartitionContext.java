package com.qwenbatch.job.partition;

import com.qwenbatch.source.SourceSlice;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a partition's execution context says about it: its number and its slice of the
 * source.
 */
final class PartitionContext {

	private static final String INDEX = "partition.index";

	private static final String COUNT = "partition.count";

	private static final String KIND = "partition.kind";

	private static final String FROM = "partition.from";

	private static final String TO = "partition.to";

	private PartitionContext() {
	}

	static ExecutionContext of(int index, int count, SourceSlice slice) {
		ExecutionContext context = new ExecutionContext();
		context.putInt(INDEX, index);
		context.putInt(COUNT, count);
		if (slice instanceof SourceSlice.Records records) {
			context.putString(KIND, "records");
			context.putLong(FROM, records.first());
			context.putLong(TO, records.end());
		}
		else if (slice instanceof SourceSlice.Ids ids) {
			context.putString(KIND, "ids");
			putIfSet(context, FROM, ids.after());
			putIfSet(context, TO, ids.upTo());
		}
		else {
			context.putString(KIND, "nothing");
		}
		return context;
	}

	private static void putIfSet(ExecutionContext context, String key, Object value) {
		if (value != null) {
			context.put(key, value);
		}
	}

	static SourceSlice slice(ExecutionContext context) {
		if (!context.containsKey(INDEX)) {
			throw new IllegalStateException("not a partition of a scaled-out run: no " + INDEX + " in its context");
		}
		return switch (context.getString(KIND, "nothing")) {
			case "records" -> new SourceSlice.Records(context.getLong(FROM), context.getLong(TO));
			case "ids" -> new SourceSlice.Ids(context.get(FROM), context.get(TO));
			default -> new SourceSlice.Nothing();
		};
	}

	/** "2/4" (1-based), for progress lines. */
	static String label(ExecutionContext context) {
		return (context.getInt(INDEX, -1) + 1) + "/" + context.getInt(COUNT, 0);
	}

}
