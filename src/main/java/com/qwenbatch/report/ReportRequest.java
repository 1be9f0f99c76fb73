package com.qwenbatch.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Which results go into a report. Null filters mean "all". {@code labels} orders the
 * sentiment columns (the sentiment task's allowed values); {@code negativeLabel} picks
 * the Negative sheet; {@code positiveLabel} (may be null) gives the net sentiment;
 * {@code topicCatchAll} (may be null) is the topic listed after the named ones.
 */
public record ReportRequest(Path out, String fromDay, String toDay, Long jobExecutionId, String source,
		List<String> labels, String negativeLabel, double reviewThreshold, String positiveLabel, String topicCatchAll) {

	/**
	 * Results below this confidence go to the Review sheet unless a request says
	 * otherwise.
	 */
	public static final double REVIEW_THRESHOLD = 0.6;

	public static ReportRequest of(Path out, String fromDay, String toDay, Long jobExecutionId, String source,
			ReportLabels labels) {
		return new ReportRequest(out, fromDay, toDay, jobExecutionId, source, labels.labels(), labels.negative(),
				REVIEW_THRESHOLD, labels.positive(), labels.topicCatchAll());
	}

	/** The same request with another review threshold. */
	public ReportRequest withReviewThreshold(double threshold) {
		return new ReportRequest(this.out, this.fromDay, this.toDay, this.jobExecutionId, this.source, this.labels,
				this.negativeLabel, threshold, this.positiveLabel, this.topicCatchAll);
	}

	/**
	 * A report file in {@code folder} that does not exist yet:
	 * {@code sentiment-YYYY-MM-DD.xlsx} for today, with {@code -e<execution id>} for a
	 * run's report, and {@code -2}, {@code -3} … when that name is taken. A report is
	 * never overwritten by another.
	 */
	public static Path freePath(Path folder, Long jobExecutionId) {
		String stem = "sentiment-" + java.time.LocalDate.now() + (jobExecutionId == null ? "" : "-e" + jobExecutionId);
		Path path = folder.resolve(stem + ".xlsx");
		for (int n = 2; java.nio.file.Files.exists(path); n++) {
			path = folder.resolve(stem + "-" + n + ".xlsx");
		}
		return path;
	}

}
