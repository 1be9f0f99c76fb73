package com.qwenbatch.job.partition;

import java.util.function.UnaryOperator;

import com.qwenbatch.job.RunRequest;
import com.qwenbatch.llm.ModelFiles;
import com.qwenbatch.llm.Precision;

/**
 * Which model files a process uses for a partition. A run's settings name the manager's
 * model directory; a worker on another machine has its own copy. A worker started with
 * {@code --model} serves only that model and fails partitions of runs that ask for
 * another; without it, a worker finds the run's model on its own machine. The precision
 * is the run's, decided when it started: one run, one arithmetic ({@code precision} here
 * is only what a worker preloads its model in).
 */
record WorkerModel(String model, String directory, Precision precision) implements UnaryOperator<RunRequest> {

	/** In the manager's own process: the settings as they are. */
	static final UnaryOperator<RunRequest> SAME_PROCESS = UnaryOperator.identity();

	static WorkerModel any(Precision precision) {
		return new WorkerModel(null, null, precision);
	}

	@Override
	public RunRequest apply(RunRequest request) {
		String wanted = request.modelTasks().model();
		if (this.model == null) {
			return request.forWorker(ModelFiles.locate(wanted));
		}
		if (!this.model.equals(wanted)) {
			throw new IllegalStateException("this worker serves model '" + this.model + "' but the run asks for '"
					+ wanted + "': start a worker with --model " + wanted
					+ " (or without --model to use the run's model)");
		}
		return request.forWorker(this.directory);
	}

}
