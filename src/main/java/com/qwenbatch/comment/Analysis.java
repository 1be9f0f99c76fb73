package com.qwenbatch.comment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result for one comment: its sentiment label and confidence, the follow-up task's
 * output (a reply, a summary, another label, or none) and why its generation stopped, and
 * what it cost.
 *
 * @param probabilities every sentiment label's probability, in the task's label order
 * @param task the follow-up task name, or "none"
 * @param output the follow-up task's output (null for none)
 * @param stopReason why a generated output ended: "eos", "length" (cut at the token
 * limit) or "stop_string"; "skipped" when the follow-up was not run for this row
 * ({@code --task-when}); null when nothing was generated
 * @param precision how the model's weights were multiplied: "f32" or "bf16"
 * @param modelFingerprint which weights answered ({@code ModelFingerprint}: 16 hex digits
 * of the model's files), null for results stored before it was recorded
 * @param promptVersion the sentiment and follow-up prompt versions, e.g.
 * "a1b2c3d4e5+0f1e2d3c4b"
 * @param labels the extra label tasks' labels ({@code run --labels topic}), by task name;
 * empty without them
 */
public record Analysis(Comment comment, String sentiment, double confidence, Map<String, Double> probabilities,
		String task, String output, String stopReason, String modelId, String precision, String modelFingerprint,
		String promptVersion, int tokensIn, int tokensOut, long latencyMs, Map<String, TaskLabel> labels) {

	/** The stop reason of an output cut at the token limit. */
	public static final String CUT_AT_LIMIT = "length";

	/**
	 * The stop reason of a row the follow-up task was not run for ({@code --task-when}).
	 */
	public static final String SKIPPED = "skipped";

	public Analysis {
		// copies that keep the label (and task) order
		probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
		labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
	}

	/**
	 * This result for another comment with the same text: the same answers, no tokens or
	 * time of its own (the model was not asked again).
	 */
	public Analysis reusedFor(Comment other) {
		return new Analysis(other, this.sentiment, this.confidence, this.probabilities, this.task, this.output,
				this.stopReason, this.modelId, this.precision, this.modelFingerprint, this.promptVersion, 0, 0, 0,
				this.labels);
	}

	/** The output was cut at the token limit rather than finished by the model. */
	public boolean cut() {
		return CUT_AT_LIMIT.equals(this.stopReason);
	}

	public String reply() {
		return "reply".equals(this.task) ? this.output : null;
	}

	public String summary() {
		return "summary".equals(this.task) ? this.output : null;
	}

}
