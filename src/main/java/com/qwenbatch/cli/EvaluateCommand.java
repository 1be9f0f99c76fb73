package com.qwenbatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.evaluation.ConfusionMatrix;
import com.qwenbatch.evaluation.Evaluation;
import com.qwenbatch.evaluation.Evaluator;
import com.qwenbatch.evaluation.GoldRow;
import com.qwenbatch.evaluation.GoldSet;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import com.qwenbatch.report.EvaluationWorkbook;

/**
 * {@code evaluate}: accuracy, macro-F1, per-class precision/recall, confusion matrix,
 * rows below a confidence threshold and throughput of a label task on a labelled file;
 * {@code --compare A B} runs two prompt folders on the same rows.
 */
public final class EvaluateCommand {

	static final CommandSpec SPEC = CommandSpec
		.of("evaluate",
				"measure a label task on a labelled file: accuracy, macro-F1, per-class precision and recall,"
						+ " confusion matrix; or compare two prompt folders on the same rows")
		.option("gold", "FILE.csv", "sample-data/gold.csv (the copy in the jar when absent)", "labelled comments")
		.option("task", "NAME", "sentiment", "the label task to measure")
		.option("model", "MODEL", RunCommand.DEFAULT_MODEL, "a checkpoint folder, a repo id, or demo")
		.promptsOption("the task YAML folder")
		.option("compare", "DIR_A DIR_B", null, "two prompt folders to compare (instead of --prompts)")
		.option("out", "FILE.xlsx", null, "also write the metrics and the misclassified rows to a workbook")
		.option("threshold", "P", "0.6", "count rows whose confidence is below this")
		.option("text-column", "NAME", "text", "the comment column of the gold file")
		.option("label-column", "NAME", "label", "the label column of the gold file")
		.option("batch-size", "N", "16", "rows per model batch")
		.precisionOption("auto")
		.example("evaluate --model Qwen/Qwen1.5-0.5B-Chat")
		.example("evaluate --gold my-gold.csv --compare prompts prompts-new --out compare.xlsx");

	private final PrintStream out;

	public EvaluateCommand(PrintStream out) {
		this.out = out;
	}

	public int run(List<String> words) {
		List<String> rest = new ArrayList<>(words);
		List<String> compare = new ArrayList<>();
		int at = rest.indexOf("--compare");
		if (at >= 0) {
			if (at + 2 >= rest.size()) {
				throw new UsageException("--compare needs two prompt folders");
			}
			compare.add(rest.get(at + 1));
			compare.add(rest.get(at + 2));
			rest.subList(at, at + 3).clear();
		}
		Arguments args = new Arguments(rest, SPEC);
		String goldFile = args.optional("gold", null);
		String taskName = args.get("task");
		String model = args.get("model");
		String prompts = args.optional("prompts", null);
		String outFile = args.get("out");
		double threshold = args.number("threshold", 0, 1);
		String textColumn = args.get("text-column");
		String labelColumn = args.get("label-column");
		int batchSize = args.integer("batch-size", 1, 256);
		Precision precision = args.precision();
		args.rejectUnknown();
		List<TaskCatalog> catalogs = compare.isEmpty() ? List.of(TaskCatalog.fromOption(prompts))
				: compare.stream().map(TaskCatalog::fromOption).toList();
		List<String> folders = catalogs.stream().map(TaskCatalog::folder).toList();
		List<TaskDefinition> tasks = catalogs.stream().map((c) -> c.get(taskName)).toList();
		List<List<GoldRow>> rowsPerTask = new ArrayList<>();
		try (SampleData gold = SampleData.open(goldFile, SampleData.GOLD)) {
			for (TaskDefinition task : tasks) {
				try {
					rowsPerTask.add(GoldSet.read(gold.path(), task, textColumn, labelColumn));
				}
				catch (IllegalArgumentException ex) {
					throw new UsageException(ex.getMessage());
				}
			}
		}
		List<Evaluation> evaluations = new ArrayList<>();
		String precisionUsed;
		try (QwenEngine engine = QwenEngine.open(model, precision)) {
			precisionUsed = engine.precision().label();
			this.out.println("precision: " + precisionUsed + " (" + engine.precision().reason() + ")");
			for (int i = 0; i < tasks.size(); i++) {
				Evaluation e = new Evaluator(engine, batchSize).evaluate(tasks.get(i), rowsPerTask.get(i), threshold);
				print(folders.get(i), e);
				evaluations.add(e);
			}
		}
		if (outFile != null) {
			EvaluationWorkbook.write(evaluations, folders, Path.of(outFile));
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("model", model);
		json.put("precision", precisionUsed);
		json.put("task", taskName);
		json.put("evaluations",
				evaluations.stream().map((e) -> toJson(folders.get(evaluations.indexOf(e)), e)).toList());
		if (evaluations.size() == 2) {
			Map<String, Object> diff = new LinkedHashMap<>();
			ConfusionMatrix a = evaluations.get(0).matrix();
			ConfusionMatrix b = evaluations.get(1).matrix();
			diff.put("accuracy", b.accuracy() - a.accuracy());
			diff.put("macro_f1", b.macroF1() - a.macroF1());
			Map<String, Object> perClass = new LinkedHashMap<>();
			for (String label : a.labels()) {
				if (b.labels().contains(label)) {
					perClass.put(label, JsonOutput.fields("precision", b.precision(label) - a.precision(label),
							"recall", b.recall(label) - a.recall(label), "f1", b.f1(label) - a.f1(label)));
				}
			}
			diff.put("per_class", perClass);
			json.put("difference_b_minus_a", diff);
			this.out.printf("difference (B - A): accuracy %+.3f, macro-F1 %+.3f%n", b.accuracy() - a.accuracy(),
					b.macroF1() - a.macroF1());
		}
		if (outFile != null) {
			json.put("out", Path.of(outFile).toAbsolutePath().toString());
		}
		JsonOutput.print(this.out, json);
		return ExitCodes.OK;
	}

	private void print(String folder, Evaluation e) {
		ConfusionMatrix m = e.matrix();
		this.out.printf(
				"%s (%s, prompt %s): %d rows, accuracy %.3f, macro-F1 %.3f, %d below confidence %.2f, %.2f rows/s%n",
				folder, e.task(), e.promptVersion(), m.total(), m.accuracy(), m.macroF1(), e.belowThreshold(),
				e.threshold(), e.rowsPerSecond());
		for (String label : m.labels()) {
			this.out.printf("  %-6s precision %.3f recall %.3f F1 %.3f%n", label, m.precision(label), m.recall(label),
					m.f1(label));
		}
		this.out.println("  confusion (rows gold, columns predicted): " + m.labels());
		for (String gold : m.labels()) {
			StringBuilder row = new StringBuilder("  " + gold);
			for (String predicted : m.labels()) {
				row.append(String.format(" %5d", m.count(gold, predicted)));
			}
			this.out.println(row);
		}
	}

	static Map<String, Object> toJson(String folder, Evaluation e) {
		ConfusionMatrix m = e.matrix();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("prompts", folder);
		json.put("prompt_version", e.promptVersion());
		json.put("rows", m.total());
		json.put("accuracy", m.accuracy());
		json.put("macro_f1", m.macroF1());
		Map<String, Object> perClass = new LinkedHashMap<>();
		for (String label : m.labels()) {
			perClass.put(label,
					JsonOutput.fields("precision", m.precision(label), "recall", m.recall(label), "f1", m.f1(label)));
		}
		json.put("per_class", perClass);
		List<List<Long>> matrix = new ArrayList<>();
		for (String gold : m.labels()) {
			matrix.add(m.labels().stream().map((p) -> m.count(gold, p)).toList());
		}
		json.put("labels", m.labels());
		json.put("confusion", matrix);
		json.put("below_threshold", e.belowThreshold());
		json.put("threshold", e.threshold());
		json.put("rows_per_s", e.rowsPerSecond());
		return json;
	}

}
