package com.qwenbatch.source;

/**
 * The source as a whole cannot be read (missing file, no text column, bad SQL): the run
 * stops.
 */
public class SourceException extends RuntimeException {

	public SourceException(String message) {
		super(message);
	}

	public SourceException(String message, Throwable cause) {
		super(message, cause);
	}

}
