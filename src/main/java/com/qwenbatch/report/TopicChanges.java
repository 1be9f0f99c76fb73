package com.qwenbatch.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topics of this period against the previous one: ranked by negative comments (the
 * catch-all topic, e.g. 其他, always last), with each topic's negative comments before and
 * the change — in comments and in percentage points of the topic's negative share
 * (negative comments / the topic's comments).
 *
 * @param now topic -> sentiment -> comments, this period
 * @param before the same for the previous period, or null when it has no data
 * @param negative the negative label
 * @param catchAll the catch-all topic, or null
 */
record TopicChanges(Map<String, Map<String, Long>> now, Map<String, Map<String, Long>> before, String negative,
		String catchAll) {

	/**
	 * The topics, the named ones by negative comments (most first, ties by name), then
	 * the catch-all.
	 */
	List<String> ranked() {
		List<String> topics = new ArrayList<>(this.now.keySet());
		topics.sort(Comparator.comparing((String t) -> t.equals(this.catchAll))
			.thenComparingLong((t) -> -negatives(t))
			.thenComparing(Comparator.naturalOrder()));
		return topics;
	}

	/**
	 * The top topics: the first {@code limit} named ones; the catch-all only when it is
	 * the only topic.
	 */
	List<String> top(int limit) {
		List<String> named = ranked().stream().filter((t) -> !t.equals(this.catchAll)).limit(limit).toList();
		return named.isEmpty() ? ranked().stream().limit(1).toList() : named;
	}

	long negatives(String topic) {
		return this.now.getOrDefault(topic, Map.of()).getOrDefault(this.negative, 0L);
	}

	/** Negative comments on the topic in the previous period (null: no earlier data). */
	Long previousNegatives(String topic) {
		return this.before == null ? null : this.before.getOrDefault(topic, Map.of()).getOrDefault(this.negative, 0L);
	}

	/**
	 * "▲ 5, +3.2 pp", "▼ 2, −1.0 pp", "no change", or "no earlier data": the change of
	 * the negative comments and of the topic's negative share.
	 */
	String change(String topic) {
		if (this.before == null) {
			return SummarySheet.NO_EARLIER_DATA;
		}
		long was = previousNegatives(topic);
		long is = negatives(topic);
		double points = 100 * (share(this.now, topic) - share(this.before, topic));
		if (is == was && Math.abs(points) < 0.05) {
			return "no change";
		}
		String count = is == was ? "±0" : (is > was ? "▲ " : "▼ ") + Math.abs(is - was);
		return String.format(Locale.ROOT, "%s, %s%.1f pp", count, points < 0 ? "−" : "+", Math.abs(points));
	}

	/** Negative comments among all comments this period: [0, 1]. */
	private double share(Map<String, Map<String, Long>> period, String topic) {
		Map<String, Long> counts = period.getOrDefault(topic, Map.of());
		return SentimentCounts.negativeShare(counts, this.negative);
	}

}
