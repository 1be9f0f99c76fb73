package com.qwenbatch.analysis;

import java.util.List;
import java.util.Optional;

import com.qwenbatch.prompt.OutputType;
import com.qwenbatch.prompt.PromptException;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * What to do with each comment: sentiment (always), then an optional follow-up task, in
 * which language ("auto" picks per comment). {@code maxNewTokens} overrides the
 * follow-up's max_tokens when positive; {@code followUpWhen} picks the rows that get the
 * follow-up.
 */
public record AnalysisPlan(TaskDefinition sentiment, Optional<TaskDefinition> followUp, List<TaskDefinition> labels,
		String language, int maxNewTokens, FollowUpRule followUpWhen) {

	public AnalysisPlan {
		labels = List.copyOf(labels);
	}

	/** A plan whose follow-up runs for every row. */
	public AnalysisPlan(TaskDefinition sentiment, Optional<TaskDefinition> followUp, List<TaskDefinition> labels,
			String language, int maxNewTokens) {
		this(sentiment, followUp, labels, language, maxNewTokens, FollowUpRule.EVERY_ROW);
	}

	/** The same plan, the follow-up only for the rows {@code rule} wants. */
	public AnalysisPlan withFollowUpWhen(FollowUpRule rule) {
		return new AnalysisPlan(this.sentiment, this.followUp, this.labels, this.language, this.maxNewTokens, rule);
	}

	/** A plan without extra label tasks. */
	public AnalysisPlan(TaskDefinition sentiment, Optional<TaskDefinition> followUp, String language,
			int maxNewTokens) {
		this(sentiment, followUp, List.of(), language, maxNewTokens);
	}

	/**
	 * The plan for a run or an {@code analyze} command: the catalog's sentiment task,
	 * then {@code task} ("none" for no follow-up), in {@code language}.
	 */
	public static AnalysisPlan of(TaskCatalog catalog, String task, String language, int maxNewTokens) {
		return of(catalog, task, List.of(), language, maxNewTokens);
	}

	/**
	 * As above, with extra label tasks ({@code labels}, e.g. topic) scored like sentiment
	 * in the same pass; each must be a label task other than sentiment.
	 */
	public static AnalysisPlan of(TaskCatalog catalog, String task, List<String> labels, String language,
			int maxNewTokens) {
		Optional<TaskDefinition> followUp = "none".equals(task) ? Optional.empty() : Optional.of(catalog.get(task));
		List<TaskDefinition> extra = labels.stream().map(catalog::get).toList();
		for (TaskDefinition t : extra) {
			if (t.type() != OutputType.LABEL || t.name().equals(catalog.sentiment().name())) {
				throw new PromptException("--labels " + t.name() + ": " + t.source()
						+ " is not an extra label task (it must have 'output: label' and not be the sentiment task)");
			}
		}
		return new AnalysisPlan(catalog.sentiment(), followUp, extra, language, maxNewTokens);
	}

	/** Every task the plan runs: sentiment, the follow-up, the extra label tasks. */
	public List<TaskDefinition> tasks() {
		List<TaskDefinition> tasks = new java.util.ArrayList<>(List.of(this.sentiment));
		this.followUp.ifPresent(tasks::add);
		tasks.addAll(this.labels);
		return tasks;
	}

	public String followUpName() {
		return this.followUp.map(TaskDefinition::name).orElse("none");
	}

	/**
	 * Both prompt versions, then each extra label task's as "+name=version", then the
	 * follow-up's rule as "+when=负面" (none for every row): a change to any of those
	 * prompt files, another set of label tasks or another rule changes this.
	 */
	public String promptVersion() {
		String when = this.followUp.isPresent() ? this.followUpWhen.version() : "";
		return promptsVersion() + (when.isEmpty() ? "" : WHEN + when);
	}

	/** {@link #promptVersion} without the follow-up rule. */
	public String promptsVersion() {
		StringBuilder version = new StringBuilder(this.sentiment.version()).append('+')
			.append(this.followUp.map(TaskDefinition::version).orElse("none"));
		this.labels.forEach((t) -> version.append('+').append(t.name()).append('=').append(t.version()));
		return version.toString();
	}

	/** A stored prompt version without its follow-up rule. */
	static String withoutRule(String promptVersion) {
		int at = promptVersion.indexOf(WHEN);
		return at < 0 ? promptVersion : promptVersion.substring(0, at);
	}

	private static final String WHEN = "+when=";

}
