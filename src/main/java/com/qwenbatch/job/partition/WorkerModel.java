package com.qwenbatch.job.partition;

import java.util.function.UnaryOperator;

import com.qwenbatch.job.RunSettings;
import com.qwenbatch.llm.ModelFiles;

/**
 * Which model files a process uses for a partition. A run's settings name the manager's model
 * directory; a worker on another machine has its own copy. A worker started with {@code --model}
 * serves only that model and fails partitions of runs that ask for another; without it, a worker
 * finds the run's model on its own machine.
 */
record WorkerModel(String model, String directory) implements UnaryOperator<RunSettings> {

	/** In the manager's own process: the settings as they are. */
	static final UnaryOperator<RunSettings> SAME_PROCESS = UnaryOperator.identity();

	static WorkerModel any() {
		return new WorkerModel(null, null);
	}

	@Override
	public RunSettings apply(RunSettings settings) {
		if (this.model == null) {
			return settings.withModelDirectory(ModelFiles.locate(settings.model()));
		}
		if (!this.model.equals(settings.model())) {
			throw new IllegalStateException("this worker serves model '" + this.model + "' but the run asks for '"
					+ settings.model() + "': start a worker with --model " + settings.model()
					+ " (or without --model to use the run's model)");
		}
		return settings.withModelDirectory(this.directory);
	}

}
