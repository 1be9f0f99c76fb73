package com.qwenbatch.report;

import java.util.List;

/**
 * The sentiment labels in report order and which one is "negative", from the sentiment
 * task.
 */
public record ReportLabels(List<String> labels, String negative) {
}
