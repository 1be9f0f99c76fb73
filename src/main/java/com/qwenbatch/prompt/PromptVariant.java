package com.qwenbatch.prompt;

import java.util.List;

/**
 * One language's wording of a task: the system prompt (role + rules) and the user-turn
 * prefix.
 */
public record PromptVariant(String role, List<String> rules, String inputPrefix) {

	public PromptVariant {
		rules = List.copyOf(rules);
	}

	/** The system turn: the role, then each rule on its own "- " line. */
	public String systemPrompt() {
		StringBuilder system = new StringBuilder(this.role.strip());
		for (String rule : this.rules) {
			system.append("\n- ").append(rule.strip());
		}
		return system.toString();
	}

}
