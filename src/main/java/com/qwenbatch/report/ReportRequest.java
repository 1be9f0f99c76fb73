package com.qwenbatch.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Which results go into a report. Null filters mean "all". {@code labels} orders the sentiment
 * columns (the sentiment task's allowed values); {@code negativeLabel} picks the Negative sheet.
 */
public record ReportRequest(Path out, String fromDay, String toDay, Long jobExecutionId, String source,
		List<String> labels, String negativeLabel) {

	public static ReportRequest of(Path out, String fromDay, String toDay, Long jobExecutionId, String source,
			ReportLabels labels) {
		return new ReportRequest(out, fromDay, toDay, jobExecutionId, source, labels.labels(), labels.negative());
	}

	/** reports/sentiment-YYYY-MM-DD.xlsx for today. */
	public static Path defaultPath(Path folder) {
		return folder.resolve("sentiment-" + java.time.LocalDate.now() + ".xlsx");
	}

}
