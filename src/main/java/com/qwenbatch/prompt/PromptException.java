package com.qwenbatch.prompt;

/** A prompt file is invalid; the message names the file and the key. */
public class PromptException extends RuntimeException {

	public PromptException(String message) {
		super(message);
	}

}
