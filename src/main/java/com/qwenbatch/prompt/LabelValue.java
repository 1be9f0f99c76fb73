package com.qwenbatch.prompt;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One allowed answer of a label task. {@code value} is what is stored and shown;
 * {@code answers} gives the text the model is scored on per language (default: the value
 * itself); {@code aliases} are other spellings accepted when reading labels (gold files,
 * user input).
 */
public record LabelValue(String value, Map<String, String> answers, List<String> aliases) {

	public LabelValue {
		answers = Map.copyOf(answers);
		aliases = List.copyOf(aliases);
	}

	public String answer(String language) {
		return this.answers.getOrDefault(language, this.value);
	}

	public boolean matches(String text) {
		String t = text.strip().toLowerCase(Locale.ROOT);
		if (t.equals(this.value.toLowerCase(Locale.ROOT))) {
			return true;
		}
		return this.aliases.stream().anyMatch((a) -> a.toLowerCase(Locale.ROOT).equals(t))
				|| this.answers.values().stream().anyMatch((a) -> a.toLowerCase(Locale.ROOT).equals(t));
	}

}
