package com.qwenbatch.cli;

import java.util.ArrayList;
import java.util.List;

import com.qwenbatch.prompt.LabelValue;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * {@code --task-when LABEL[,LABEL…]}: the sentiment labels whose rows get the follow-up
 * task, given as values or aliases of the sentiment task (负面, negative …), each turned
 * into its value. Anything else is refused with the allowed values.
 */
final class TaskWhenOption {

	static final String NAME = "task-when";

	static final String DESCRIPTION = "run the follow-up task only for rows with these sentiment labels, e.g. 负面 or"
			+ " negative,neutral (values or aliases of the sentiment task); other rows: no output, stop_reason"
			+ " skipped";

	private TaskWhenOption() {
	}

	/** The labels' values in the order given, each once; empty when not given. */
	static List<String> parse(String option, TaskDefinition sentiment, String task) {
		if (option == null) {
			return List.of();
		}
		if ("none".equals(task)) {
			throw new UsageException("--task-when picks the rows that get the follow-up task, and --task is none");
		}
		List<String> values = new ArrayList<>();
		for (String given : option.split(",")) {
			if (given.isBlank()) {
				continue;
			}
			String value = sentiment.label(given)
				.map(LabelValue::value)
				.orElseThrow(() -> new UsageException("--task-when " + given.strip() + ": not a label of "
						+ sentiment.source() + "; use " + allowed(sentiment)));
			if (!values.contains(value)) {
				values.add(value);
			}
		}
		if (values.isEmpty()) {
			throw new UsageException("--task-when needs at least one label: " + allowed(sentiment));
		}
		return values;
	}

	private static String allowed(TaskDefinition sentiment) {
		List<String> each = new ArrayList<>();
		for (LabelValue label : sentiment.labels()) {
			List<String> names = new ArrayList<>(List.of(label.value()));
			label.aliases().stream().filter((a) -> !names.contains(a)).forEach(names::add);
			each.add(String.join(" / ", names));
		}
		return String.join(", ", each);
	}

}
