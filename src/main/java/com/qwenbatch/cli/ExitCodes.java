package com.qwenbatch.cli;

import com.qwenbatch.job.RunOutcome;

/** Process exit codes, stable for cron and scripts (documented in the README). */
public final class ExitCodes {

	/** Completed. */
	public static final int OK = 0;

	/**
	 * The job or command failed (see the error on stderr); a re-run resumes where it
	 * stopped.
	 */
	public static final int FAILED = 1;

	/** Bad arguments, input or configuration: nothing was run or stored. */
	public static final int BAD_ARGUMENTS = 2;

	/** Completed, but more rows were rejected than the configured threshold allows. */
	public static final int TOO_MANY_REJECTED = 3;

	/** Another run of the same job is still running: nothing was done. */
	public static final int ALREADY_RUNNING = 4;

	/**
	 * Stopped on request (SIGTERM, Ctrl-C) after the chunk in hand was committed; a
	 * re-run resumes.
	 */
	public static final int STOPPED = 5;

	private ExitCodes() {
	}

	static int of(RunOutcome.Ending ending) {
		return switch (ending) {
			case COMPLETED -> OK;
			case TOO_MANY_REJECTED -> TOO_MANY_REJECTED;
			case STOPPED -> STOPPED;
			case FAILED -> FAILED;
		};
	}

}
