package com.qwenbatch.job;

import com.qwenbatch.analysis.AnalysisPlan;
import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.analysis.FollowUpRule;
import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.prompt.TaskCatalog;
import org.springframework.stereotype.Component;

/**
 * Builds the analyzer for a run: loads the model once, validates the run's prompts
 * against the model's tokenizer (before any row is read), picks the tasks.
 */
@Component
class AnalyzerFactory {

	private final LoadedModels models;

	AnalyzerFactory(LoadedModels models) {
		this.models = models;
	}

	/** The analyzer for a run, with the prompts stored with it. */
	CommentAnalyzer create(RunRequest request, RunPrompts prompts) {
		RunRequest.ModelTasks analysis = request.modelTasks();
		LanguageModel model = this.models.get(analysis.modelDirectory(), analysis.model(), analysis.precision());
		TaskCatalog catalog = prompts.catalog();
		catalog.validateLabels(model::tokenize);
		AnalysisPlan plan = AnalysisPlan
			.of(catalog, analysis.task(), analysis.labels(), analysis.language(), request.limits().maxNewTokens())
			.withFollowUpWhen(FollowUpRule.sentimentIn(analysis.taskWhen()));
		return new CommentAnalyzer(model, plan);
	}

}
