package com.qwenbatch.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The tasks found in a prompts folder, by name. A new task is a new YAML file: nothing else. When
 * the folder does not exist, the copies bundled in the jar are used.
 */
public final class TaskCatalog {

	public static final String SENTIMENT = "sentiment";

	static final List<String> BUNDLED = List.of("sentiment.yaml", "reply.yaml", "summary.yaml", "intent.yaml");

	private final Path folder;

	private final Map<String, TaskDefinition> tasks;

	private TaskCatalog(Path folder, Map<String, TaskDefinition> tasks) {
		this.folder = folder;
		this.tasks = tasks;
	}

	public static TaskCatalog load(Path folder) {
		Path dir = Files.isDirectory(folder) ? folder : extractBundled();
		Map<String, TaskDefinition> tasks = new TreeMap<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.filter((p) -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
				.sorted()
				.toList()) {
				TaskDefinition task = TaskYamlParser.parse(file);
				TaskDefinition clash = tasks.put(task.name(), task);
				if (clash != null) {
					throw new PromptException(file + ": task name '" + task.name() + "' is also used by " + clash.source());
				}
			}
		}
		catch (IOException ex) {
			throw new PromptException(dir + ": cannot list prompt files: " + ex.getMessage());
		}
		if (!tasks.containsKey(SENTIMENT)) {
			throw new PromptException(dir + ": no sentiment task (sentiment.yaml) found; every run starts with it");
		}
		if (tasks.get(SENTIMENT).type() != OutputType.LABEL) {
			throw new PromptException(tasks.get(SENTIMENT).source() + ": 'output' of the sentiment task must be label");
		}
		return new TaskCatalog(dir, tasks);
	}

	private static Path extractBundled() {
		try {
			Path dir = Files.createTempDirectory("qwen-batch-prompts");
			for (String name : BUNDLED) {
				try (InputStream in = TaskCatalog.class.getResourceAsStream("/prompts/" + name)) {
					if (in != null) {
						Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
					}
				}
			}
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new PromptException("cannot unpack the bundled prompts: " + ex.getMessage());
		}
	}

	public Path folder() {
		return this.folder;
	}

	public TaskDefinition sentiment() {
		return this.tasks.get(SENTIMENT);
	}

	public TaskDefinition get(String name) {
		TaskDefinition task = this.tasks.get(name);
		if (task == null) {
			throw new PromptException("no task '" + name + "' in " + this.folder + "; available: " + this.tasks.keySet());
		}
		return task;
	}

	public Collection<TaskDefinition> all() {
		return this.tasks.values();
	}

	/**
	 * Checks what needs the tokenizer: every label answer must tokenize to at least one token.
	 * Called before any row is read.
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
