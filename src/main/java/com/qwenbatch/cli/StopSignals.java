package com.qwenbatch.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C (SIGINT) during a run: the first asks the job to stop after the
 * chunk in hand (the process then ends normally, with the JSON line and exit code 5); a
 * second one ends the process at once (exit 130), and the next run resumes as after a
 * crash.
 */
final class StopSignals {

	static final int IMMEDIATE_EXIT = 130;

	private final AtomicInteger received = new AtomicInteger();

	private final AtomicReference<Runnable> onStop = new AtomicReference<>();

	private final PrintStream err;

	private StopSignals(PrintStream err) {
		this.err = err;
	}

	static StopSignals install(PrintStream err) {
		StopSignals signals = new StopSignals(err);
		for (String name : new String[] { "TERM", "INT" }) {
			try {
				Signal.handle(new Signal(name), (signal) -> signals.receive(signal.getName()));
			}
			catch (IllegalArgumentException ex) {
				// this platform has no such signal
			}
		}
		return signals;
	}

	/**
	 * What a stop does once the job can be told; called at once when a signal came
	 * earlier.
	 */
	void whenStopped(Runnable action) {
		this.onStop.set(action);
		if (this.received.get() > 0) {
			action.run();
		}
	}

	boolean received() {
		return this.received.get() > 0;
	}

	private void receive(String name) {
		if (this.received.incrementAndGet() > 1) {
			this.err.println(
					"SIG" + name + " again: stopping at once; the next run resumes after the last committed chunk");
			this.err.flush();
			Runtime.getRuntime().halt(IMMEDIATE_EXIT);
		}
		this.err.println("SIG" + name + ": stopping after the current chunk (send it again to stop at once)");
		this.err.flush();
		Runnable action = this.onStop.get();
		if (action != null) {
			action.run();
		}
	}

}
