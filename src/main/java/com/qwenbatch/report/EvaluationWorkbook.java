package com.qwenbatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import com.qwenbatch.evaluation.ConfusionMatrix;
import com.qwenbatch.evaluation.Evaluation;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * {@code evaluate --out}: metrics, confusion matrix and misclassified rows of one or more
 * evaluations, with the same cell styles and safety rules as the sentiment report.
 */
public final class EvaluationWorkbook {

	private EvaluationWorkbook() {
	}

	public static void write(List<Evaluation> evaluations, List<String> names, Path out) {
		try (XSSFWorkbook book = new XSSFWorkbook()) {
			SentimentReport.Styles styles = new SentimentReport.Styles(book);
			for (int e = 0; e < evaluations.size(); e++) {
				Evaluation evaluation = evaluations.get(e);
				String suffix = evaluations.size() > 1 ? " " + (char) ('A' + e) : "";
				metrics(book.createSheet("Metrics" + suffix), styles, evaluation, names.get(e));
				SentimentReport.Table misses = new SentimentReport.Table(book.createSheet("Misclassified" + suffix),
						styles, new String[] { "id", "text", "gold", "predicted", "confidence" },
						new int[] { 12, 70, 10, 10, 12 });
				evaluation.misclassified()
					.forEach((m) -> misses.row(m.id(), m.text(), m.gold(), m.predicted(), m.confidence()));
				misses.finish();
			}
			AtomicFile.write(out, book::write);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + out, ex);
		}
	}

	private static void metrics(XSSFSheet sheet, SentimentReport.Styles styles, Evaluation evaluation, String name) {
		ConfusionMatrix m = evaluation.matrix();
		SentimentReport.Table summary = new SentimentReport.Table(sheet, styles,
				new String[] { "metric", "value", "", "", "" }, new int[] { 28, 14, 14, 14, 14 });
		summary.row("prompts", name);
		summary.row("task", evaluation.task());
		summary.row("prompt version", evaluation.promptVersion());
		summary.row("rows", (double) m.total());
		summary.row("accuracy", m.accuracy());
		summary.row("macro F1", m.macroF1());
		summary.row("below confidence " + evaluation.threshold(), (double) evaluation.belowThreshold());
		summary.row("rows/s", evaluation.rowsPerSecond());
		summary.row();
		summary.row("class", "precision", "recall", "F1");
		for (String label : m.labels()) {
			summary.row(label, m.precision(label), m.recall(label), m.f1(label));
		}
		summary.row();
		Object[] header = new Object[m.labels().size() + 1];
		header[0] = "gold \\ predicted";
		for (int i = 0; i < m.labels().size(); i++) {
			header[i + 1] = m.labels().get(i);
		}
		summary.row(header);
		for (String gold : m.labels()) {
			Object[] row = new Object[m.labels().size() + 1];
			row[0] = gold;
			for (int i = 0; i < m.labels().size(); i++) {
				row[i + 1] = (double) m.count(gold, m.labels().get(i));
			}
			summary.row(row);
		}
	}

}
