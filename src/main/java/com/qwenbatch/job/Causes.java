package com.qwenbatch.job;

import org.springframework.core.NestedExceptionUtils;

/** What a failure says, for one log or error line. */
public final class Causes {

	private Causes() {
	}

	/**
	 * The first line of the most specific cause's message (its class name when it has
	 * none): "Connection refused", not the wrappers around it.
	 */
	public static String firstLine(Throwable failure) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
		return message.lines().findFirst().orElse(message);
	}

}
