package com.qwenbatch.analysis;

import java.util.List;
import java.util.Set;

import com.qwenbatch.comment.Comment;

/**
 * Which rows get the follow-up task (a reply costs ~15 sentiment labels, and marketing
 * answers mostly the unhappy comments). The other rows keep their sentiment and label
 * tasks, with no output and the stop reason "skipped".
 */
public interface FollowUpRule {

	/** Every row: the default. */
	FollowUpRule EVERY_ROW = new FollowUpRule() {
		@Override
		public boolean wants(Comment comment, String sentiment) {
			return true;
		}

		@Override
		public String version() {
			return "";
		}
	};

	boolean wants(Comment comment, String sentiment);

	/**
	 * What the rule adds to the prompt version ("" for every row): results made under
	 * another rule are not taken for this one's.
	 */
	String version();

	/** Only rows whose sentiment is one of {@code labels} ({@code --task-when}). */
	static FollowUpRule sentimentIn(List<String> labels) {
		return labels.isEmpty() ? EVERY_ROW : new SentimentIn(Set.copyOf(labels), String.join(",", labels));
	}

	/** {@code --task-when}: the sentiment labels (values) that get the follow-up. */
	record SentimentIn(Set<String> labels, String version) implements FollowUpRule {

		@Override
		public boolean wants(Comment comment, String sentiment) {
			return this.labels.contains(sentiment);
		}

	}

}
