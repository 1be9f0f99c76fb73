package com.qwenbatch.llm;

/**
 * A generated answer: its text, token counts, and why generation stopped (eos, length,
 * stop_string).
 */
public record Completion(String text, int promptTokens, int outputTokens, String stopReason) {
}
