package com.qwenbatch.report;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the report's one sentence per topic: what the topic's negative comments complain
 * about, in words (the model, when the report is built with one loaded).
 *
 * @param write topic -> its negative comments (distinct, most confident first, at most
 * {@link #COMMENTS_PER_TOPIC}) to topic -> one sentence
 * @param meaningless the sentences mean nothing (the demo model's random weights): the
 * report marks them so
 */
public record TopicWriter(Function<Map<String, List<String>>, Map<String, String>> write, boolean meaningless) {

	/** At most this many of a topic's negative comments are read for its sentence. */
	public static final int COMMENTS_PER_TOPIC = 20;

	Map<String, String> sentences(Map<String, List<String>> negativeComments) {
		return this.write.apply(negativeComments);
	}

}
