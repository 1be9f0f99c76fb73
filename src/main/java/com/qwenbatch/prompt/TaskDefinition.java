package com.qwenbatch.prompt;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task read from a YAML file: how to ask the model, in which languages, and what a
 * valid answer is. {@code source} names the file it came from (for messages).
 * {@code version} is a short hash of everything that changes the model's input or
 * decoding, stored with every result so a prompt change is visible in the data.
 * {@code catchAll} is the label value that means "none of the others" (e.g. 其他), listed
 * after the named ones in reports; null when the task has none.
 */
public record TaskDefinition(String name, String description, OutputType type, String defaultLanguage,
		Map<String, PromptVariant> variants, List<LabelValue> labels, OutputConstraints constraints, String version,
		String source, String catchAll) {

	public TaskDefinition {
		variants = Map.copyOf(variants);
		labels = List.copyOf(labels);
	}

	/**
	 * The variant for a comment: {@code auto} picks Chinese for text with CJK characters
	 * and English otherwise, when the task has both; an explicit language must exist.
	 */
	public String languageFor(String text, String requested) {
		if (!"auto".equals(requested)) {
			return this.variants.containsKey(requested) ? requested : this.defaultLanguage;
		}
		String guess = containsCjk(text) ? "zh" : "en";
		return this.variants.containsKey(guess) ? guess : this.defaultLanguage;
	}

	public RenderedPrompt render(String text, String language) {
		PromptVariant variant = this.variants.get(language);
		return new RenderedPrompt(variant.systemPrompt(), variant.inputPrefix() + text, language,
				variant.inputPrefix().length());
	}

	public Optional<LabelValue> label(String text) {
		return this.labels.stream().filter((l) -> l.matches(text)).findFirst();
	}

	/** The label a user would call negative (by value or alias), if the task has one. */
	public Optional<String> negativeLabel() {
		return label("negative").or(() -> label("负面")).map(LabelValue::value);
	}

	/** The label a user would call positive (by value or alias), if the task has one. */
	public Optional<String> positiveLabel() {
		return label("positive").or(() -> label("正面")).map(LabelValue::value);
	}

	public List<String> labelValues() {
		return this.labels.stream().map(LabelValue::value).toList();
	}

	static boolean containsCjk(String text) {
		return text.codePoints().anyMatch((c) -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
	}

}
