package com.qwenbatch.cli;

/** Process exit codes, stable for cron and scripts (documented in the README). */
public final class ExitCodes {

	/** Completed. */
	public static final int OK = 0;

	/** The job or command failed (see the error on stderr); a re-run resumes where it stopped. */
	public static final int FAILED = 1;

	/** Bad arguments or configuration: nothing was run. */
	public static final int BAD_ARGUMENTS = 2;

	/** Completed, but more rows were rejected than the configured threshold allows. */
	public static final int TOO_MANY_REJECTED = 3;

	private ExitCodes() {
	}

}
