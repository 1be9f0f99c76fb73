package com.qwenbatch.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.qwenbatch.prompt.TaskCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The prompts a run uses, stored with the run (in its job execution's context) when it
 * starts: every resume, and every worker of a scaled-out run, uses these texts, never the
 * prompts folder of the machine it happens to run on. So one run has one prompt version.
 *
 * @param folder where they were read from, for messages
 * @param files the YAML texts, by file
 */
public record RunPrompts(String folder, Map<String, String> files) {

	private static final Logger log = LoggerFactory.getLogger(RunPrompts.class);

	static final String FOLDER = "run.prompts.folder";

	static final String FILES = "run.prompts.files";

	public RunPrompts {
		files = Map.copyOf(files);
	}

	public TaskCatalog catalog() {
		return TaskCatalog.of(this.folder, new TreeMap<>(this.files));
	}

	/** The prompts stored with this execution, if any. */
	@SuppressWarnings("unchecked")
	public static Optional<RunPrompts> in(JobExecution execution) {
		ExecutionContext context = execution.getExecutionContext();
		if (!context.containsKey(FILES)) {
			return Optional.empty();
		}
		return Optional.of(new RunPrompts(context.getString(FOLDER), (Map<String, String>) context.get(FILES)));
	}

	/**
	 * The run's prompts: those stored with the execution (a resume keeps the prompts it
	 * started with), else the {@code --prompts} folder's, stored now.
	 */
	static RunPrompts forExecution(JobExecution execution, String promptsOption, JobRepository repository) {
		Optional<RunPrompts> stored = in(execution);
		if (stored.isPresent()) {
			warnIfTheFolderChanged(stored.get(), promptsOption);
			return stored.get();
		}
		RunPrompts prompts = fromFolder(promptsOption);
		execution.getExecutionContext().putString(FOLDER, prompts.folder());
		execution.getExecutionContext().put(FILES, new LinkedHashMap<>(prompts.files()));
		repository.updateExecutionContext(execution);
		return prompts;
	}

	/**
	 * The prompts stored with this execution, or, for a run started by an earlier version
	 * that stored none, this machine's {@code --prompts} folder's.
	 */
	public static RunPrompts storedOrFolder(JobExecution execution, String promptsOption) {
		return in(execution).orElseGet(() -> fromFolder(promptsOption));
	}

	/**
	 * The prompts of the {@code --prompts} folder (or the default one) on this machine:
	 * for a run that stored none (started by an earlier version).
	 */
	private static RunPrompts fromFolder(String promptsOption) {
		TaskCatalog catalog = TaskCatalog.fromOption(promptsOption);
		return new RunPrompts(catalog.folder(), catalog.files());
	}

	private static void warnIfTheFolderChanged(RunPrompts stored, String promptsOption) {
		try {
			if (!TaskCatalog.fromOption(promptsOption).files().equals(stored.files())) {
				log.warn("the prompts in {} changed since this run started: it finishes with the prompts it started"
						+ " with (--new-run starts over with the new ones)", stored.folder());
			}
		}
		catch (RuntimeException ex) {
			log.warn("the prompts in {} cannot be read now ({}): this run finishes with the prompts it started with",
					stored.folder(), ex.getMessage());
		}
	}

}
