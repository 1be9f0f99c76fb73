package com.qwenbatch.comment;

/**
 * What the results table holds for an id: a hash of the text it analysed
 * ({@link Comment#textHash()}), the model, the prompt versions, the sentiment it gave and
 * why its follow-up output ended ("skipped" when the follow-up was not run).
 */
public record StoredResult(String textHash, String modelId, String promptVersion, String sentiment, String stopReason) {

	/** The follow-up task ran for this row (it was not skipped by --task-when). */
	public boolean followedUp() {
		return !Analysis.SKIPPED.equals(this.stopReason);
	}

}
