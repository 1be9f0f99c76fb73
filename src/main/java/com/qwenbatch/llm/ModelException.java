package com.qwenbatch.llm;

/**
 * A model that cannot be used: not found, incomplete, of an unsupported kind, or a bad
 * name for its shape or type. The message says which file or setting, for the user to act
 * on.
 */
public class ModelException extends RuntimeException {

	public ModelException(String message, Throwable cause) {
		super(message, cause);
	}

}
