package com.qwenbatch.evaluation;

import java.util.List;

/**
 * One evaluation: the confusion matrix, rows below the confidence threshold, speed, and
 * the misses.
 */
public record Evaluation(String task, String promptVersion, ConfusionMatrix matrix, double threshold,
		long belowThreshold, double rowsPerSecond, List<Miss> misclassified) {

	/** A row the model got wrong. */
	public record Miss(String id, String text, String gold, String predicted, double confidence) {
	}

}
