package com.qwenbatch.comment;

/**
 * The result for one comment: its sentiment label and confidence, the follow-up task's output
 * (a reply, a summary, another label, or none), and what it cost.
 *
 * @param task the follow-up task name, or "none"
 * @param output the follow-up task's output (null for none)
 * @param promptVersion the sentiment and follow-up prompt versions, e.g. "a1b2c3d4e5+0f1e2d3c4b"
 */
public record Analysis(Comment comment, String sentiment, double confidence, String task, String output,
		String modelId, String promptVersion, int tokensIn, int tokensOut, long latencyMs) {

	public String reply() {
		return "reply".equals(this.task) ? this.output : null;
	}

	public String summary() {
		return "summary".equals(this.task) ? this.output : null;
	}

}
