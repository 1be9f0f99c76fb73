package com.qwenbatch.report;

import java.util.List;

import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * The sentiment labels in report order, which one is "negative" and which "positive"
 * (null when the task has none: no net sentiment then), from the sentiment task; and the
 * topic task's catch-all value (e.g. 其他), listed after the named topics (null: none).
 */
public record ReportLabels(List<String> labels, String negative, String positive, String topicCatchAll) {

	public ReportLabels(List<String> labels, String negative) {
		this(labels, negative, null, null);
	}

	/** The labels of a prompt catalog's sentiment and topic tasks. */
	public static ReportLabels of(TaskCatalog catalog) {
		TaskDefinition sentiment = catalog.sentiment();
		String catchAll = catalog.all()
			.stream()
			.filter((task) -> TopicsSheet.TASK.equals(task.name()))
			.map(TaskDefinition::catchAll)
			.findFirst()
			.orElse(null);
		return new ReportLabels(sentiment.labelValues(), sentiment.negativeLabel().orElse("负面"),
				sentiment.positiveLabel().orElse(null), catchAll);
	}

}
