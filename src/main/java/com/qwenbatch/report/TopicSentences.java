package com.qwenbatch.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.store.ResultQueries;

/**
 * The model's sentence per topic for one report, or why there is none (the report was
 * built without a model).
 *
 * @param sentences topic -> sentence; null when not written
 * @param meaningless written by the demo model: shown marked as meaningless
 */
record TopicSentences(Map<String, String> sentences, boolean meaningless) {

	static TopicSentences notWritten() {
		return new TopicSentences(null, false);
	}

	/**
	 * Asks {@code writer} for a sentence per topic from each topic's negative comments
	 * (distinct texts, most confident first, at most
	 * {@link TopicWriter#COMMENTS_PER_TOPIC}); topics without negative comments get none.
	 */
	static TopicSentences write(TopicWriter writer, ResultQueries queries, TopicChanges topics) {
		Map<String, List<String>> comments = new LinkedHashMap<>();
		for (String topic : topics.ranked()) {
			Set<String> texts = new LinkedHashSet<>();
			queries.eachLabelled(TopicsSheet.TASK, topic, topics.negative(), TopicWriter.COMMENTS_PER_TOPIC * 5,
					(result) -> {
						if (texts.size() < TopicWriter.COMMENTS_PER_TOPIC) {
							texts.add(result.text());
						}
					});
			if (!texts.isEmpty()) {
				comments.put(topic, new ArrayList<>(texts));
			}
		}
		Map<String, String> written = comments.isEmpty() ? Map.of() : writer.sentences(comments);
		return new TopicSentences(Map.copyOf(written), writer.meaningless());
	}

	boolean written() {
		return this.sentences != null;
	}

	/** The topic's sentence as shown: empty when none, marked when meaningless. */
	String shown(String topic) {
		String sentence = this.sentences == null ? null : this.sentences.get(topic);
		if (sentence == null || sentence.isBlank()) {
			return "";
		}
		return this.meaningless ? "[demo model, meaningless] " + sentence : sentence;
	}

	/** What the Summary's footnote says about the sentences. */
	String footnote() {
		if (!written()) {
			return "not written: build the report with --model to have the model say in one sentence what each"
					+ " topic's negative comments are about";
		}
		return "written by the model from up to " + TopicWriter.COMMENTS_PER_TOPIC
				+ " negative comments per topic (most confident first)"
				+ (this.meaningless ? "; demo model: meaningless" : "");
	}

}
