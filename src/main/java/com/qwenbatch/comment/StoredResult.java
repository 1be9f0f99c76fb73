package com.qwenbatch.comment;

/**
 * What the results table holds for an id: a hash of the text it analysed
 * ({@link Comment#textHash()}), the model (id and {@code ModelFingerprint}), the prompt
 * versions, the sentiment it gave and why its follow-up output ended ("skipped" when the
 * follow-up was not run).
 */
public record StoredResult(String textHash, String modelId, String modelFingerprint, String promptVersion,
		String sentiment, String stopReason) {

	/**
	 * These results came from the model with this id and these files (a result stored
	 * before fingerprints were kept counts as the same files).
	 */
	public boolean sameModel(String modelId, String fingerprint) {
		return this.modelId.equals(modelId)
				&& (this.modelFingerprint == null || this.modelFingerprint.equals(fingerprint));
	}

	/** The follow-up task ran for this row (it was not skipped by --task-when). */
	public boolean followedUp() {
		return !Analysis.SKIPPED.equals(this.stopReason);
	}

}
