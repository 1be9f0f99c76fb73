package com.qwenbatch.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.Completion;
import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * The report's one sentence per topic, written by the model with the
 * {@code topic-summary} task: a topic's negative comments go into the task's user turn as
 * a numbered list (data, never instructions: each comment on one line), and the model
 * says what they complain about. Greedy and seeded by the topic, so the same comments
 * give the same sentence; cut to {@link #MAX_ZH_CHARS} characters (Chinese) or
 * {@link #MAX_EN_WORDS} words.
 */
public final class TopicSummaries {

	public static final String TASK = "topic-summary";

	static final int MAX_ZH_CHARS = 40;

	static final int MAX_EN_WORDS = 25;

	/**
	 * However the words run (a long token without spaces): at most this many characters.
	 */
	static final int MAX_CHARS = 160;

	private final LanguageModel model;

	private final TaskDefinition task;

	private final boolean meaningless;

	/**
	 * {@code meaningless}: the model's words mean nothing (the demo model), and the
	 * report says so.
	 */
	public TopicSummaries(LanguageModel model, TaskCatalog catalog, boolean meaningless) {
		this.model = model;
		// a prompts folder from before this task existed: the bundled one
		this.task = catalog.all().stream().anyMatch((t) -> TASK.equals(t.name())) ? catalog.get(TASK)
				: TaskCatalog.loadBundled().get(TASK);
		this.meaningless = meaningless;
	}

	/**
	 * topic -> its negative comments (most confident first) to topic -> one sentence, all
	 * topics in one batched generation.
	 */
	public Map<String, String> sentences(Map<String, List<String>> negativeComments) {
		List<String> topics = new ArrayList<>(negativeComments.keySet());
		List<Comment> inputs = new ArrayList<>();
		for (String topic : topics) {
			// the topic names the row: its seed, so a topic always gets the same sentence
			inputs.add(new Comment(TASK, topic, numbered(negativeComments.get(topic)), null, null, 0));
		}
		List<Completion> written = new TaskRunner(this.model).complete(this.task, inputs, 0);
		Map<String, String> sentences = new LinkedHashMap<>();
		for (int i = 0; i < topics.size(); i++) {
			sentences.put(topics.get(i), shortened(written.get(i).text()));
		}
		return sentences;
	}

	/** The model's words mean nothing (the demo model). */
	public boolean meaningless() {
		return this.meaningless;
	}

	/** "1. …\n2. …": one comment per line, its own line breaks turned into spaces. */
	static String numbered(List<String> comments) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < comments.size(); i++) {
			text.append(i + 1).append(". ").append(comments.get(i).replaceAll("\\s+", " ").strip()).append('\n');
		}
		return text.toString().strip();
	}

	/**
	 * The first line, at most {@link #MAX_ZH_CHARS} characters when it is Chinese or
	 * {@link #MAX_EN_WORDS} words otherwise, cut with an ellipsis.
	 */
	static String shortened(String text) {
		String line = text == null ? "" : text.strip().lines().findFirst().orElse("").strip();
		boolean chinese = line.codePoints()
			.anyMatch((c) -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
		if (chinese) {
			return line.codePointCount(0, line.length()) <= MAX_ZH_CHARS ? line
					: line.substring(0, line.offsetByCodePoints(0, MAX_ZH_CHARS - 1)) + "…";
		}
		String[] words = line.split("\\s+");
		String cut = words.length <= MAX_EN_WORDS ? line
				: String.join(" ", List.of(words).subList(0, MAX_EN_WORDS)) + "…";
		// words of any length: at most MAX_CHARS characters whatever the text
		return cut.length() <= MAX_CHARS ? cut : cut.substring(0, MAX_CHARS - 1) + "…";
	}

}
