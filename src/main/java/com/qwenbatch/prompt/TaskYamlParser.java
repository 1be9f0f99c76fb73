package com.qwenbatch.prompt;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.qwenbatch.comment.Sha256;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one task YAML file strictly: unknown keys, missing fields, wrong types and empty
 * label lists are errors naming the file, the key and, where the key is in the file, its
 * line.
 */
final class TaskYamlParser {

	private static final Set<String> TOP_KEYS = Set.of("name", "description", "output", "language", "variants",
			"output_constraints", "catch_all");

	private static final Set<String> VARIANT_KEYS = Set.of("role", "rules", "input_prefix");

	private static final Set<String> CONSTRAINT_KEYS = Set.of("max_tokens", "temperature", "top_p", "top_k",
			"repetition_penalty", "stop", "allowed_values");

	private static final Set<String> LABEL_KEYS = Set.of("value", "answers", "aliases");

	/** What error messages call the file: its path, or the bundled file's name. */
	private final String file;

	private final String text;

	/** The document's node tree, kept for the line numbers of error messages. */
	private Node document;

	private TaskYamlParser(String file, String text) {
		this.file = file;
		this.text = text;
	}

	/**
	 * Parses {@code text}, the content of the task file that messages call {@code file}.
	 */
	static TaskDefinition parse(String file, String text) {
		return new TaskYamlParser(file, text).parse();
	}

	private TaskDefinition parse() {
		Map<String, Object> root = readYaml();
		checkKeys(root, TOP_KEYS, "");
		String name = string(root, "name", "");
		if (!name.matches("[a-z][a-z0-9_-]*")) {
			throw error("name",
					"must be lower-case letters, digits, '-' or '_' (it is the --task value), not '" + name + "'");
		}
		String description = root.containsKey("description") ? string(root, "description", "") : "";
		OutputType type = switch (string(root, "output", "")) {
			case "label" -> OutputType.LABEL;
			case "text" -> OutputType.TEXT;
			default -> throw error("output", "must be 'label' or 'text'");
		};
		Map<String, PromptVariant> variants = variants(map(root, "variants", ""));
		String language = root.containsKey("language") ? string(root, "language", "")
				: variants.keySet().iterator().next();
		if (!variants.containsKey(language)) {
			throw error("language", "'" + language + "' has no entry under variants " + variants.keySet());
		}
		Map<String, Object> constraints = map(root, "output_constraints", "");
		checkKeys(constraints, CONSTRAINT_KEYS, "output_constraints.");
		List<LabelValue> labels = type == OutputType.LABEL ? labels(constraints) : List.of();
		if (type == OutputType.TEXT && constraints.containsKey("allowed_values")) {
			throw error("output_constraints.allowed_values", "only a label task has allowed values");
		}
		OutputConstraints output = new OutputConstraints(intValue(constraints, "max_tokens", "output_constraints."),
				number(constraints, "temperature", 0.0), number(constraints, "top_p", 1.0),
				(int) number(constraints, "top_k", 0), number(constraints, "repetition_penalty", 1.0),
				strings(constraints, "stop", "output_constraints.", false));
		if (output.maxTokens() < 1) {
			throw error("output_constraints.max_tokens", "must be at least 1");
		}
		String version = version(name, type, variants, labels, output);
		String catchAll = root.containsKey("catch_all") ? string(root, "catch_all", "") : null;
		if (catchAll != null && labels.stream().noneMatch((l) -> l.value().equals(catchAll))) {
			throw error("catch_all", "must be one of the allowed values "
					+ labels.stream().map(LabelValue::value).toList() + ", not '" + catchAll + "'");
		}
		return new TaskDefinition(name, description, type, language, variants, labels, output, version, this.file,
				catchAll);
	}

	private Map<String, Object> readYaml() {
		try {
			Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
			this.document = yaml.compose(new StringReader(this.text));
			Object loaded = yaml.load(this.text);
			if (!(loaded instanceof Map<?, ?>)) {
				throw new PromptException(this.file + ": expected a mapping of keys (name, output, variants, ...)");
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> map = (Map<String, Object>) loaded;
			return map;
		}
		catch (YAMLException ex) {
			throw new PromptException(this.file + ": not valid YAML: " + ex.getMessage());
		}
	}

	private Map<String, PromptVariant> variants(Map<String, Object> node) {
		if (node.isEmpty()) {
			throw error("variants", "needs at least one language, e.g. zh: or en:");
		}
		Map<String, PromptVariant> variants = new LinkedHashMap<>();
		for (String language : node.keySet()) {
			String path = "variants." + language + ".";
			Map<String, Object> v = map(node, language, "variants.");
			checkKeys(v, VARIANT_KEYS, path);
			variants.put(language, new PromptVariant(string(v, "role", path), texts(v, "rules", path),
					v.containsKey("input_prefix") ? string(v, "input_prefix", path) : ""));
		}
		return variants;
	}

	private List<LabelValue> labels(Map<String, Object> constraints) {
		String key = "output_constraints.allowed_values";
		Object node = constraints.get("allowed_values");
		if (!(node instanceof List<?> list) || list.isEmpty()) {
			throw error(key, "a label task needs a non-empty list of allowed values");
		}
		List<LabelValue> labels = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String path = key + "[" + i + "].";
			Object item = list.get(i);
			if (item instanceof String s) {
				labels.add(new LabelValue(nonBlank(s, path + "value"), Map.of(), List.of()));
				continue;
			}
			if (!(item instanceof Map<?, ?>)) {
				throw error(key + "[" + i + "]", "must be a string or a mapping with value/answers/aliases");
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> m = (Map<String, Object>) item;
			checkKeys(m, LABEL_KEYS, path);
			Map<String, String> answers = new TreeMap<>();
			if (m.containsKey("answers")) {
				map(m, "answers", path).forEach((lang, answer) -> answers.put(lang,
						nonBlank(String.valueOf(answer), path + "answers." + lang)));
			}
			labels.add(new LabelValue(string(m, "value", path), answers, strings(m, "aliases", path, false)));
		}
		if (labels.stream().map(LabelValue::value).distinct().count() != labels.size()) {
			throw error(key, "values must be distinct");
		}
		return labels;
	}

	private static String version(String name, OutputType type, Map<String, PromptVariant> variants,
			List<LabelValue> labels, OutputConstraints output) {
		StringBuilder canonical = new StringBuilder(name).append('\u0000').append(type);
		new TreeMap<>(variants).forEach((lang, v) -> canonical.append('\u0000')
			.append(lang)
			.append('\u0000')
			.append(v.systemPrompt())
			.append('\u0000')
			.append(v.inputPrefix()));
		labels.forEach((l) -> canonical.append('\u0000').append(l.value()).append(new TreeMap<>(l.answers())));
		canonical.append('\u0000').append(output);
		return Sha256.hex(canonical.toString(), 5);
	}

	private void checkKeys(Map<String, Object> node, Set<String> allowed, String path) {
		for (String key : node.keySet()) {
			if (!allowed.contains(key)) {
				throw error(path + key, "unknown key (allowed here: " + new java.util.TreeSet<>(allowed) + ")");
			}
		}
	}

	private String string(Map<String, Object> node, String key, String path) {
		Object value = node.get(key);
		if (value == null) {
			throw error(path + key, "is missing");
		}
		if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
			throw error(path + key, "must be a text value");
		}
		return nonBlank(String.valueOf(value), path + key);
	}

	private String nonBlank(String value, String key) {
		if (value.isBlank()) {
			throw error(key, "must not be empty");
		}
		return value;
	}

	private List<String> strings(Map<String, Object> node, String key, String path, boolean required) {
		Object value = node.get(key);
		if (value == null) {
			if (required) {
				throw error(path + key, "is missing");
			}
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw error(path + key, "must be a list");
		}
		return list.stream().map(String::valueOf).toList();
	}

	/**
	 * A list whose items must be text. An unquoted item with ": " in it is read by YAML
	 * as a key/value pair: the message says to quote it.
	 */
	private List<String> texts(Map<String, Object> node, String key, String path) {
		List<String> values = strings(node, key, path, false);
		List<?> raw = (List<?>) node.getOrDefault(key, List.of());
		for (int i = 0; i < raw.size(); i++) {
			Object item = raw.get(i);
			if (item instanceof Map<?, ?> || item instanceof List<?>) {
				throw error(path + key + "[" + i + "]", "must be text, but YAML read it as "
						+ (item instanceof Map<?, ?> ? "a key/value pair (\": \" inside an unquoted line)" : "a list")
						+ ": put the whole line in quotes");
			}
			if (item == null) {
				throw error(path + key + "[" + i + "]", "must not be empty");
			}
		}
		return values;
	}

	private Map<String, Object> map(Map<String, Object> node, String key, String path) {
		Object value = node.get(key);
		if (value == null) {
			throw error(path + key, "is missing");
		}
		if (!(value instanceof Map<?, ?>)) {
			throw error(path + key, "must be a mapping");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) value;
		return map;
	}

	private int intValue(Map<String, Object> node, String key, String path) {
		Object value = node.get(key);
		if (!(value instanceof Integer i)) {
			throw error(path + key, value == null ? "is missing" : "must be an integer");
		}
		return i;
	}

	private double number(Map<String, Object> node, String key, double fallback) {
		Object value = node.get(key);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Number n)) {
			throw error("output_constraints." + key, "must be a number");
		}
		return n.doubleValue();
	}

	private PromptException error(String key, String problem) {
		int line = lineOf(key);
		return new PromptException(this.file + (line > 0 ? ":" + line : "") + ": '" + key + "' " + problem);
	}

	/**
	 * The 1-based line of a dotted key path such as {@code variants.en.rules[1]}; 0 when
	 * not found.
	 */
	private int lineOf(String key) {
		Node node = this.document;
		for (String part : key.split("\\.")) {
			int bracket = part.indexOf('[');
			String name = bracket < 0 ? part : part.substring(0, bracket);
			node = child(node, name);
			if (bracket >= 0 && node instanceof SequenceNode list) {
				int index = Integer.parseInt(part.substring(bracket + 1, part.indexOf(']')));
				node = index < list.getValue().size() ? list.getValue().get(index) : null;
			}
			if (node == null) {
				return 0;
			}
		}
		return node.getStartMark().getLine() + 1;
	}

	private static Node child(Node node, String name) {
		if (!(node instanceof MappingNode mapping)) {
			return null;
		}
		for (NodeTuple tuple : mapping.getValue()) {
			if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(name)) {
				return tuple.getValueNode();
			}
		}
		return null;
	}

}
