package com.qwenbatch.prompt;

/**
 * A task applied to one comment: the system turn and the user turn (prefix + comment
 * text). {@code inputPrefixLength} is how many leading chars of {@code user} are the
 * task's fixed input prefix: the same for every comment, so its tokens can be shared
 * across a batch.
 */
public record RenderedPrompt(String system, String user, String language, int inputPrefixLength) {
}
