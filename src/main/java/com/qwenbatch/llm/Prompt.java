package com.qwenbatch.llm;

/** A chat prompt as the job sees it: a system turn and one user turn (untrusted text). */
public record Prompt(String system, String user) {
}
