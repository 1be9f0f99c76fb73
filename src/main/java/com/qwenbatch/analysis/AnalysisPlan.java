package com.qwenbatch.analysis;

import java.util.Optional;

import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * What to do with each comment: sentiment (always), then an optional follow-up task, in
 * which language ("auto" picks per comment). {@code maxNewTokens} overrides the
 * follow-up's max_tokens when positive; {@code exactLengths} is for benchmarks only (null
 * in runs).
 */
public record AnalysisPlan(TaskDefinition sentiment, Optional<TaskDefinition> followUp, String language,
		int maxNewTokens, ExactLengths exactLengths) {

	/**
	 * The plan for a run or an {@code analyze} command: the catalog's sentiment task,
	 * then {@code task} ("none" for no follow-up), in {@code language}.
	 */
	public static AnalysisPlan of(TaskCatalog catalog, String task, String language, int maxNewTokens) {
		Optional<TaskDefinition> followUp = "none".equals(task) ? Optional.empty() : Optional.of(catalog.get(task));
		return new AnalysisPlan(catalog.sentiment(), followUp, language, maxNewTokens, null);
	}

	public String followUpName() {
		return this.followUp.map(TaskDefinition::name).orElse("none");
	}

	/** Both prompt versions: a change to either prompt file changes this. */
	public String promptVersion() {
		return this.sentiment.version() + "+" + this.followUp.map(TaskDefinition::version).orElse("none");
	}

}
