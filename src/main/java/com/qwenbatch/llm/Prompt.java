package com.qwenbatch.llm;

/**
 * A chat prompt as the job sees it: a system turn and one user turn (untrusted text),
 * whose first {@code fixedUserChars} chars are the task's own fixed text (an input prefix
 * such as "评论："), the same for every row.
 */
public record Prompt(String system, String user, int fixedUserChars) {

	public Prompt {
		if (fixedUserChars < 0 || fixedUserChars > user.length()) {
			throw new IllegalArgumentException("fixedUserChars must be within the user turn");
		}
	}

	public Prompt(String system, String user) {
		this(system, user, 0);
	}

}
