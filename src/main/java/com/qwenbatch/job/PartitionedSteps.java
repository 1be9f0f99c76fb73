package com.qwenbatch.job;

import org.springframework.batch.core.step.Step;

/**
 * The manager step of a run with {@code --partitions N}; implemented in
 * {@code job.partition}, which depends on this package and not the other way round.
 */
public interface PartitionedSteps {

	/**
	 * A step that splits the run's source (after {@code watermark}) and runs every
	 * partition.
	 */
	Step create(String stepName, RunRequest request, Object watermark);

}
