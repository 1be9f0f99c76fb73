package com.qwenbatch.prompt;

/** A task applied to one comment: the system turn and the user turn (prefix + comment text). */
public record RenderedPrompt(String system, String user, String language) {
}
