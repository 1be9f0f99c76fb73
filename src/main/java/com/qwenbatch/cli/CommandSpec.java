package com.qwenbatch.cli;

import com.qwenbatch.llm.QwenEngine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a command is for, its options with their defaults, and examples: the help text,
 * the list of known options (a typo is refused before anything starts) and the one place
 * each default is set.
 */
final class CommandSpec {

	/**
	 * An option: {@code value} names its argument ({@code null} for a flag);
	 * {@code fallback} is its default.
	 */
	record Option(String name, String value, String fallback, String description) {

		boolean isFlag() {
			return this.value == null;
		}

	}

	private final String name;

	private final String summary;

	private String usage;

	private final Map<String, Option> options = new LinkedHashMap<>();

	private final List<String> examples = new ArrayList<>();

	private CommandSpec(String name, String summary) {
		this.name = name;
		this.summary = summary;
		this.usage = name + " [options]";
	}

	static CommandSpec of(String name, String summary) {
		return new CommandSpec(name, summary);
	}

	CommandSpec usage(String usage) {
		this.usage = usage;
		return this;
	}

	/** An option with a value and a default (null: none, or described in the text). */
	CommandSpec option(String name, String value, String fallback, String description) {
		this.options.put(name, new Option(name, value, fallback, description));
		return this;
	}

	/** {@code --prompts DIR}, as every command that reads the task YAML files has it. */
	CommandSpec promptsOption(String description) {
		return option("prompts", "DIR", "./prompts, else the built-in prompts", description);
	}

	/**
	 * {@code --db JDBC_URL}, the results database, as every command that reads or writes
	 * it has it.
	 */
	CommandSpec resultsDatabaseOption() {
		return option("db", "JDBC_URL", SpringContexts.DEFAULT_DB, "the results database");
	}

	/**
	 * {@code --precision auto|f32|bf16}, as the commands that run the model over many
	 * comments have it (default auto); the exact-check {@code model} commands default to
	 * f32.
	 */
	CommandSpec precisionOption(String fallback) {
		return precisionOption(fallback,
				"how weights are held and multiplied; auto: bf16 where the CPU has BF16 instructions (amx_bf16,"
						+ " avx512_bf16), else f32");
	}

	CommandSpec decodeSlotsOption() {
		return option(DecodeSlotsOption.NAME, "N", String.valueOf(QwenEngine.DEFAULT_DECODE_SLOTS),
				"replies generated at once (1-256); more rows of a batch wait for a free slot and join as"
						+ " others end");
	}

	CommandSpec precisionOption(String fallback, String description) {
		return option("precision", "auto|f32|bf16", fallback, description);
	}

	CommandSpec flag(String name, String description) {
		this.options.put(name, new Option(name, null, null, description));
		return this;
	}

	CommandSpec example(String example) {
		this.examples.add(example);
		return this;
	}

	String name() {
		return this.name;
	}

	String summary() {
		return this.summary;
	}

	Optional<Option> option(String name) {
		return Optional.ofNullable(this.options.get(name));
	}

	List<Option> options() {
		return List.copyOf(this.options.values());
	}

	/**
	 * The known option closest to a misspelled one, if one is close enough to be meant.
	 */
	Optional<String> closest(String misspelled) {
		return this.options.keySet()
			.stream()
			.map((known) -> Map.entry(known, distance(misspelled, known)))
			.filter((e) -> e.getValue() <= Math.max(2, misspelled.length() / 4) || e.getKey().startsWith(misspelled)
					|| List.of(e.getKey().split("-")).containsAll(List.of(misspelled.split("-"))))
			.min(Comparator.comparingInt(Map.Entry::getValue))
			.map(Map.Entry::getKey);
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/** The help text: what it does, usage, every option with its default, examples. */
	String help() {
		StringBuilder text = new StringBuilder();
		text.append(this.name).append(" — ").append(this.summary).append("\n\n");
		text.append("usage: java -jar qwen-batch.jar ").append(this.usage).append("\n");
		if (!this.options.isEmpty()) {
			text.append("\noptions:\n");
			int width = this.options.values().stream().mapToInt((o) -> label(o).length()).max().orElse(0);
			for (Option option : this.options.values()) {
				String fallback = option.fallback() == null ? "" : " (default: " + option.fallback() + ")";
				text.append("  ")
					.append(String.format("%-" + width + "s", label(option)))
					.append("  ")
					.append(option.description())
					.append(fallback)
					.append('\n');
			}
		}
		if (!this.examples.isEmpty()) {
			text.append("\nexamples:\n");
			this.examples.forEach((e) -> text.append("  java -jar qwen-batch.jar ").append(e).append('\n'));
		}
		return text.toString();
	}

	private static String label(Option option) {
		return "--" + option.name() + (option.isFlag() ? "" : " " + option.value());
	}

}
