package com.qwenbatch.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.Classification;
import com.qwenbatch.llm.Completion;
import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.llm.Prompt;
import com.qwenbatch.llm.generate.GenerationSettings;
import com.qwenbatch.prompt.OutputConstraints;
import com.qwenbatch.prompt.RenderedPrompt;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * Runs one task over a batch of comments: label tasks by label scoring, grouped by prompt language
 * (each language has its own answer words); text tasks by one batched generation.
 */
public final class TaskRunner {

	private final LanguageModel model;

	private final String language;

	public TaskRunner(LanguageModel model) {
		this(model, "auto");
	}

	public TaskRunner(LanguageModel model, String language) {
		this.model = model;
		this.language = language;
	}

	/** A label task's answer for one comment. */
	public record LabelOutcome(String label, double confidence, int tokensIn, int tokensOut) {
	}

	/** Label scoring, one call per language group (each language has its own answer words). */
	public List<LabelOutcome> classify(TaskDefinition task, List<Comment> comments) {
		LabelOutcome[] out = new LabelOutcome[comments.size()];
		for (Map.Entry<String, List<Integer>> group : byLanguage(task, comments).entrySet()) {
			String language = group.getKey();
			List<Prompt> prompts = group.getValue().stream().map((i) -> prompt(task, comments.get(i), language)).toList();
			List<String> answers = task.labels().stream().map((l) -> l.answer(language)).toList();
			List<Classification> results = this.model.classify(prompts, answers);
			for (int g = 0; g < results.size(); g++) {
				Classification c = results.get(g);
				out[group.getValue().get(g)] = new LabelOutcome(task.labels().get(c.best()).value(), c.confidence(),
						c.promptTokens(), c.answerTokens());
			}
		}
		return List.of(out);
	}

	public List<Completion> complete(TaskDefinition task, List<Comment> comments, int maxNewTokens, boolean ignoreEos) {
		GenerationSettings settings = settingsFor(task, maxNewTokens, ignoreEos);
		// one call for all rows, whatever their language: the engine batches rows with different
		// system prompts together (each from its own cached prefix), so decode steps stay full
		List<Prompt> prompts = comments.stream()
			.map((c) -> prompt(task, c, task.languageFor(c.text(), this.language)))
			.toList();
		long[] seeds = comments.stream().mapToLong((c) -> CommentAnalyzer.seedOf(c.id())).toArray();
		return this.model.complete(prompts, settings, seeds);
	}

	/**
	 * How a task's text is generated: its output constraints, with at most {@code maxNewTokens}
	 * tokens when that is positive. {@code exactLength} (benchmarks) ignores EOS and stop strings,
	 * so every row generates exactly that many tokens whatever the weights say.
	 */
	public static GenerationSettings settingsFor(TaskDefinition task, int maxNewTokens, boolean exactLength) {
		OutputConstraints oc = task.constraints();
		int maxTokens = maxNewTokens > 0 ? maxNewTokens : oc.maxTokens();
		return new GenerationSettings(maxTokens, oc.temperature(), oc.topP(), oc.topK(), oc.repetitionPenalty(),
				exactLength ? List.of() : oc.stop(), exactLength);
	}

	private Map<String, List<Integer>> byLanguage(TaskDefinition task, List<Comment> comments) {
		Map<String, List<Integer>> groups = new LinkedHashMap<>();
		for (int i = 0; i < comments.size(); i++) {
			String language = task.languageFor(comments.get(i).text(), this.language);
			groups.computeIfAbsent(language, (k) -> new ArrayList<>()).add(i);
		}
		return groups;
	}

	private static Prompt prompt(TaskDefinition task, Comment comment, String language) {
		RenderedPrompt rendered = task.render(comment.text(), language);
		return new Prompt(rendered.system(), rendered.user(), rendered.inputPrefixLength());
	}

}
