package com.qwenbatch.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.llm.Precision;

/**
 * {@code --name value} and {@code --flag} options after a command's words, checked
 * against the command's {@link CommandSpec} as they are read: an unknown option is
 * refused at once, with the closest known one ("unknown option --modle (did you mean
 * --model?)"), and an option not given takes the default the spec declares.
 */
public final class Arguments {

	private final CommandSpec spec;

	private final Map<String, String> options = new LinkedHashMap<>();

	private final List<String> positional = new ArrayList<>();

	private final Set<String> read = new HashSet<>();

	Arguments(List<String> args, CommandSpec spec) {
		this.spec = spec;
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (arg.startsWith("--")) {
				String name = arg.substring(2);
				int eq = name.indexOf('=');
				String key = eq >= 0 ? name.substring(0, eq) : name;
				CommandSpec.Option option = spec.option(key).orElseThrow(() -> unknown(key));
				if (eq >= 0) {
					this.options.put(key, name.substring(eq + 1));
				}
				else if (option.isFlag()) {
					this.options.put(name, "true");
				}
				else if (i + 1 < args.size()) {
					this.options.put(name, args.get(++i));
				}
				else {
					throw new UsageException("option --" + name + " needs a value");
				}
			}
			else {
				this.positional.add(arg);
			}
		}
	}

	private UsageException unknown(String name) {
		return new UsageException("unknown option --" + name
				+ this.spec.closest(name).map((known) -> " (did you mean --" + known + "?)").orElse("") + " for "
				+ this.spec.name() + " (see: java -jar qwen-batch.jar help " + this.spec.name() + ")");
	}

	/** The option's value, or the default its spec declares (null when none). */
	public String get(String name) {
		return optional(name, specDefault(name));
	}

	private String specDefault(String name) {
		return this.spec.option(name).map(CommandSpec.Option::fallback).orElse(null);
	}

	/**
	 * An integer option (its spec's default when not given) that must lie in
	 * {@code [min, max]}.
	 */
	public int integer(String name, int min, int max) {
		return (int) longInteger(name, min, max);
	}

	/**
	 * A long option (its spec's default when not given) that must lie in
	 * {@code [min, max]}.
	 */
	public long longInteger(String name, long min, long max) {
		String fallback = specDefault(name);
		return longOption(name, fallback == null ? 0 : Long.parseLong(fallback), min, max);
	}

	/**
	 * A number option (its spec's default when not given) that must lie in
	 * {@code [min, max]}.
	 */
	public double number(String name, double min, double max) {
		String fallback = specDefault(name);
		return doubleOption(name, fallback == null ? 0 : Double.parseDouble(fallback), min, max);
	}

	public List<String> positional() {
		return this.positional;
	}

	public String required(String name) {
		String value = optional(name, null);
		if (value == null) {
			throw new UsageException("missing required option --" + name);
		}
		return value;
	}

	public String optional(String name, String fallback) {
		this.read.add(name);
		return this.options.getOrDefault(name, fallback);
	}

	/** {@code --precision}, checked. */
	public Precision precision() {
		String text = get("precision");
		Precision precision = Precision.parse(text);
		if (precision == null) {
			throw new UsageException("--precision " + text + ": use auto, f32 or bf16");
		}
		return precision;
	}

	public boolean has(String name) {
		this.read.add(name);
		return this.options.containsKey(name);
	}

	public boolean flag(String name) {
		this.read.add(name);
		return "true".equals(this.options.get(name));
	}

	public int intOption(String name, int fallback) {
		String value = optional(name, null);
		if (value == null) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--" + name + " must be an integer, not '" + value + "'");
		}
	}

	public long longOption(String name, long fallback) {
		String value = optional(name, null);
		if (value == null) {
			return fallback;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--" + name + " must be an integer, not '" + value + "'");
		}
	}

	/** An integer option that must lie in {@code [min, max]}. */
	public int intOption(String name, int fallback, int min, int max) {
		return (int) longOption(name, fallback, min, max);
	}

	/** An integer option that must lie in {@code [min, max]}. */
	public long longOption(String name, long fallback, long min, long max) {
		long value = longOption(name, fallback);
		if (value < min || value > max) {
			throw new UsageException("--" + name + " must be " + range(min, max) + ", not " + value);
		}
		return value;
	}

	/** A number option that must lie in {@code [min, max]}. */
	public double doubleOption(String name, double fallback, double min, double max) {
		String text = optional(name, null);
		if (text == null) {
			return fallback;
		}
		double value;
		try {
			value = Double.parseDouble(text.trim());
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--" + name + " must be a number, not '" + text + "'");
		}
		if (!(value >= min && value <= max)) {
			throw new UsageException(
					"--" + name + " must be between " + plain(min) + " and " + plain(max) + ", not " + text);
		}
		return value;
	}

	private static String range(long min, long max) {
		if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
			return "at least " + min;
		}
		return "between " + min + " and " + max;
	}

	private static String plain(double value) {
		return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
	}

	/** Comma-separated integers, e.g. {@code 151644,8948,198}. */
	public static int[] parseIds(String text, String option) {
		String[] parts = text.split(",");
		int[] ids = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				ids[i] = Integer.parseInt(parts[i].trim());
			}
			catch (NumberFormatException ex) {
				throw new UsageException("--" + option + ": '" + parts[i] + "' is not a token id");
			}
		}
		return ids;
	}

	public void rejectUnknown() {
		for (String name : this.options.keySet()) {
			if (!this.read.contains(name)) {
				throw new UsageException("unknown option --" + name);
			}
		}
	}

}
