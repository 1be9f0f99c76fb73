package com.qwenbatch.comment;

/**
 * What the results table holds for an id: a hash of the text it analysed
 * ({@link Comment#textHash()}), the model and the prompt versions.
 */
public record StoredResult(String textHash, String modelId, String promptVersion) {
}
