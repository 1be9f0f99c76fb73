package com.qwenbatch.analysis;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.qwenbatch.llm.ChatFormat;
import com.qwenbatch.llm.model.ReferenceQwen;
import com.qwenbatch.prompt.LabelValue;
import com.qwenbatch.prompt.RenderedPrompt;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * A label task's probabilities computed without the engine: the plain-Java reference
 * forward over the rendered prompt, the log-probability of each label's first answer
 * token (the labels differ there), softmax over the labels. What a correct label scorer
 * must reproduce.
 */
public final class ReferenceSentiment {

	private final ReferenceQwen reference;

	private final ChatFormat format;

	public ReferenceSentiment(Path model) {
		this.reference = new ReferenceQwen(model);
		this.format = ChatFormat.of(model.toString());
	}

	public Map<String, Double> probabilities(TaskDefinition task, String text) {
		String language = task.languageFor(text, "auto");
		RenderedPrompt prompt = task.render(text, language);
		int[] ids = this.format.render(prompt.system(), prompt.user()).ids();
		double[] last = this.reference.logits(ids)[ids.length - 1];
		Map<String, Double> logits = new LinkedHashMap<>();
		for (LabelValue label : task.labels()) {
			logits.put(label.value(), last[this.format.encode(label.answer(language))[0]]);
		}
		double max = logits.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		double sum = logits.values().stream().mapToDouble((l) -> Math.exp(l - max)).sum();
		Map<String, Double> probabilities = new LinkedHashMap<>();
		logits.forEach((label, l) -> probabilities.put(label, Math.exp(l - max) / sum));
		return probabilities;
	}

}
