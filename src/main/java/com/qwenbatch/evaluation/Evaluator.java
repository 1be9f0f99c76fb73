package com.qwenbatch.evaluation;

import java.util.ArrayList;
import java.util.List;

import com.qwenbatch.analysis.TaskRunner;
import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.prompt.OutputType;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * Runs a label task over gold rows, in batches, through the job's own label-scoring path.
 */
public final class Evaluator {

	private final LanguageModel model;

	private final int batchSize;

	public Evaluator(LanguageModel model, int batchSize) {
		this.model = model;
		this.batchSize = batchSize;
	}

	public Evaluation evaluate(TaskDefinition task, List<GoldRow> rows, double threshold) {
		if (task.type() != OutputType.LABEL) {
			throw new IllegalArgumentException(
					"task " + task.name() + " is not a label task; only label tasks can be evaluated");
		}
		TaskRunner runner = new TaskRunner(this.model);
		ConfusionMatrix matrix = new ConfusionMatrix(task.labelValues());
		List<Evaluation.Miss> misses = new ArrayList<>();
		long below = 0;
		long start = System.nanoTime();
		for (int i = 0; i < rows.size(); i += this.batchSize) {
			List<GoldRow> batch = rows.subList(i, Math.min(rows.size(), i + this.batchSize));
			List<TaskRunner.LabelAnswer> outcomes = runner.classify(task,
					batch.stream().map(GoldRow::comment).toList());
			for (int j = 0; j < batch.size(); j++) {
				GoldRow gold = batch.get(j);
				TaskRunner.LabelAnswer predicted = outcomes.get(j);
				matrix.add(gold.label(), predicted.label());
				if (predicted.confidence() < threshold) {
					below++;
				}
				if (!gold.label().equals(predicted.label())) {
					misses.add(new Evaluation.Miss(gold.comment().id(), gold.comment().text(), gold.label(),
							predicted.label(), predicted.confidence()));
				}
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Evaluation(task.name(), task.version(), matrix, threshold, below,
				rows.size() / Math.max(seconds, 1e-9), misses);
	}

}
