package com.qwenbatch.cli;

/**
 * Bad command-line arguments: reported with usage, exit code
 * {@link ExitCodes#BAD_ARGUMENTS}.
 */
public class UsageException extends RuntimeException {

	public UsageException(String message) {
		super(message);
	}

}
