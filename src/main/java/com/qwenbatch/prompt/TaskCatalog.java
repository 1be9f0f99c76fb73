package com.qwenbatch.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The tasks found in a prompts folder, by name. A new task is a new YAML file: nothing
 * else. When the default folder does not exist, the copies bundled in the jar are read
 * (in place: nothing is unpacked to disk).
 */
public final class TaskCatalog {

	public static final String SENTIMENT = "sentiment";

	static final List<String> BUNDLED = List.of("sentiment.yaml", "reply.yaml", "summary.yaml", "intent.yaml",
			"topic.yaml", "topic-summary.yaml");

	/** Where the tasks came from, for messages: the folder, or the bundled prompts. */
	private final String folder;

	private final Map<String, TaskDefinition> tasks;

	/** The YAML texts the tasks were read from, by file. */
	private final Map<String, String> files;

	private TaskCatalog(String folder, Map<String, TaskDefinition> tasks, Map<String, String> files) {
		this.folder = folder;
		this.tasks = tasks;
		this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
	}

	/**
	 * The folder read when no --prompts option is given (the bundled prompts when it is
	 * absent).
	 */
	public static final String DEFAULT_FOLDER = "prompts";

	/**
	 * The tasks for a {@code --prompts} option: the folder it names, which must exist,
	 * or, when the option is not given (null), the default folder or the bundled prompts.
	 */
	public static TaskCatalog fromOption(String prompts) {
		return prompts == null ? load(Path.of(DEFAULT_FOLDER)) : loadFolder(Path.of(prompts));
	}

	/**
	 * The tasks of {@code folder}, or the bundled ones when it does not exist: for the
	 * default folder, which a user may not have; a folder the user named must exist (see
	 * {@link #loadFolder}).
	 */
	public static TaskCatalog load(Path folder) {
		return Files.isDirectory(folder) ? loadFolder(folder) : loadBundled();
	}

	/**
	 * The tasks of a folder the user named: a missing folder is an error, not the bundled
	 * set.
	 */
	public static TaskCatalog loadFolder(Path folder) {
		if (!Files.isDirectory(folder)) {
			throw new PromptException("prompts folder not found: " + folder);
		}
		Map<String, String> files = new LinkedHashMap<>();
		try (Stream<Path> listing = Files.list(folder)) {
			for (Path file : listing.filter((p) -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
				.sorted()
				.toList()) {
				files.put(file.toString(), read(file));
			}
		}
		catch (IOException ex) {
			throw new PromptException(folder + ": cannot list prompt files: " + ex.getMessage());
		}
		return of(folder.toString(), files);
	}

	/** The prompts that travel inside the jar. */
	public static TaskCatalog loadBundled() {
		Map<String, String> files = new LinkedHashMap<>();
		for (String name : BUNDLED) {
			try (InputStream in = TaskCatalog.class.getResourceAsStream("/prompts/" + name)) {
				if (in != null) {
					files.put("built-in " + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
			}
			catch (IOException ex) {
				throw new PromptException("cannot read the built-in prompt " + name + ": " + ex.getMessage());
			}
		}
		return of(BUILT_IN, files);
	}

	/** What {@link #folder()} says for the bundled prompts. */
	public static final String BUILT_IN = "built-in prompts";

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new PromptException(file + ": cannot read: " + ex.getMessage());
		}
	}

	/**
	 * The tasks of these YAML texts (file name to text), as {@link #files()} gives them:
	 * how a run's stored prompts are read back, wherever it resumes or a worker serves
	 * it.
	 */
	public static TaskCatalog of(String folder, Map<String, String> files) {
		Map<String, TaskDefinition> tasks = new TreeMap<>();
		files.forEach((file, text) -> {
			TaskDefinition task = TaskYamlParser.parse(file, text);
			TaskDefinition clash = tasks.put(task.name(), task);
			if (clash != null) {
				throw new PromptException(file + ": task name '" + task.name() + "' is also used by " + clash.source());
			}
		});
		if (!tasks.containsKey(SENTIMENT)) {
			throw new PromptException(folder + ": no sentiment task (sentiment.yaml) found; every run starts with it");
		}
		if (tasks.get(SENTIMENT).type() != OutputType.LABEL) {
			throw new PromptException(tasks.get(SENTIMENT).source() + ": 'output' of the sentiment task must be label");
		}
		return new TaskCatalog(folder, tasks, files);
	}

	/** The YAML texts the tasks were read from, by file (in reading order). */
	public Map<String, String> files() {
		return this.files;
	}

	public String folder() {
		return this.folder;
	}

	public TaskDefinition sentiment() {
		return this.tasks.get(SENTIMENT);
	}

	public TaskDefinition get(String name) {
		TaskDefinition task = this.tasks.get(name);
		if (task == null) {
			throw new PromptException(
					"no task '" + name + "' in " + this.folder + "; available: " + this.tasks.keySet());
		}
		return task;
	}

	public Collection<TaskDefinition> all() {
		return this.tasks.values();
	}

	/**
	 * Checks what needs the tokenizer: every label answer must tokenize to at least one
	 * token. Called before any row is read.
	 */
	public void validateLabels(Function<String, int[]> tokenize) {
		for (TaskDefinition task : this.tasks.values()) {
			for (LabelValue label : task.labels()) {
				for (String language : task.variants().keySet()) {
					if (tokenize.apply(label.answer(language)).length == 0) {
						throw new PromptException(task.source() + ": 'output_constraints.allowed_values' label '"
								+ label.value() + "' tokenizes to nothing for language " + language);
					}
				}
			}
		}
	}

}
