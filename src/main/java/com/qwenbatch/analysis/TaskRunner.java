package com.qwenbatch.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.Classification;
import com.qwenbatch.llm.Completion;
import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.llm.Prompt;
import com.qwenbatch.llm.GenerationOptions;
import com.qwenbatch.prompt.OutputConstraints;
import com.qwenbatch.prompt.RenderedPrompt;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * Runs one task over a batch of comments: label tasks by label scoring (each row ranks
 * its prompt language's answer words; all rows in one call); text tasks by one batched
 * generation.
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

	/**
	 * A label task's answer for one comment: the label, its probability among the allowed
	 * labels, every allowed label's probability (in the task's order), the tokens used.
	 */
	public record LabelAnswer(String label, double confidence, Map<String, Double> probabilities, int tokensIn,
			int tokensOut) {
	}

	/**
	 * Label scoring for all rows in one call, whatever their language: each row ranks its
	 * own language's answer words, and the engine batches the rows together.
	 */
	public List<LabelAnswer> classify(TaskDefinition task, List<Comment> comments) {
		List<String> languages = comments.stream().map((c) -> task.languageFor(c.text(), this.language)).toList();
		List<Prompt> prompts = IntStream.range(0, comments.size())
			.mapToObj((i) -> prompt(task, comments.get(i), languages.get(i)))
			.toList();
		List<List<String>> answers = languages.stream()
			.map((language) -> task.labels().stream().map((l) -> l.answer(language)).toList())
			.toList();
		return this.model.classify(prompts, answers)
			.stream()
			.map((c) -> new LabelAnswer(task.labels().get(c.best()).value(), c.confidence(), probabilities(task, c),
					c.promptTokens(), c.answerTokens()))
			.toList();
	}

	private static Map<String, Double> probabilities(TaskDefinition task, Classification classification) {
		Map<String, Double> probabilities = new LinkedHashMap<>();
		for (int i = 0; i < task.labels().size(); i++) {
			probabilities.put(task.labels().get(i).value(), classification.probabilities()[i]);
		}
		return probabilities;
	}

	/**
	 * Generates the task's text for each comment, at most {@code maxNewTokens} tokens
	 * when that is positive.
	 */
	public List<Completion> complete(TaskDefinition task, List<Comment> comments, int maxNewTokens) {
		List<GenerationOptions> options = comments.stream().map((c) -> settingsFor(task, maxNewTokens, false)).toList();
		// one call for all rows, whatever their language: the engine batches rows with
		// different
		// system prompts together (each from its own cached prefix), so decode steps stay
		// full
		List<Prompt> prompts = comments.stream()
			.map((c) -> prompt(task, c, task.languageFor(c.text(), this.language)))
			.toList();
		long[] seeds = comments.stream().mapToLong((c) -> CommentAnalyzer.seedOf(c.id())).toArray();
		return this.model.complete(prompts, options, seeds);
	}

	/**
	 * How a task's text is generated: its output constraints, with at most
	 * {@code maxNewTokens} tokens when that is positive. {@code exactLength} (benchmarks)
	 * ignores EOS and stop strings, so every row generates exactly that many tokens
	 * whatever the weights say.
	 */
	public static GenerationOptions settingsFor(TaskDefinition task, int maxNewTokens, boolean exactLength) {
		OutputConstraints oc = task.constraints();
		int maxTokens = maxNewTokens > 0 ? maxNewTokens : oc.maxTokens();
		return new GenerationOptions(maxTokens, oc.temperature(), oc.topP(), oc.topK(), oc.repetitionPenalty(),
				exactLength ? List.of() : oc.stop(), exactLength);
	}

	private static Prompt prompt(TaskDefinition task, Comment comment, String language) {
		RenderedPrompt rendered = task.render(comment.text(), language);
		return new Prompt(rendered.system(), rendered.user(), rendered.inputPrefixLength());
	}

}
