package com.qwenbatch.comment;

/**
 * A label an extra label task gave a comment (e.g. topic 物流), and the probability the
 * model gave it among the task's values.
 */
public record TaskLabel(String value, double confidence) {
}
