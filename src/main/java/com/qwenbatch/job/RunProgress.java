package com.qwenbatch.job;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints "rows done/total, rows/s, ETA" every 10 seconds while a step runs, from its own
 * thread, so a line appears even while one long batch is in the model.
 */
final class RunProgress implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger("progress");

	private final AtomicLong done = new AtomicLong();

	private final LongSupplier total;

	private final long startNanos = System.nanoTime();

	private final long alreadyDone;

	private final ScheduledExecutorService timer;

	RunProgress(LongSupplier total, long alreadyDone, long periodSeconds) {
		this.total = total;
		this.done.set(alreadyDone);
		this.alreadyDone = alreadyDone;
		this.timer = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, "progress");
			t.setDaemon(true);
			return t;
		});
		this.timer.scheduleAtFixedRate(this::print, periodSeconds, periodSeconds, TimeUnit.SECONDS);
	}

	void add(long rows) {
		this.done.addAndGet(rows);
	}

	long done() {
		return this.done.get();
	}

	void print() {
		log.info(line());
	}

	String line() {
		long done = this.done.get();
		long total = this.total.getAsLong();
		double seconds = (System.nanoTime() - this.startNanos) / 1e9;
		double rate = seconds > 0 ? (done - this.alreadyDone) / seconds : 0;
		String eta = total > 0 && rate > 0 ? formatSeconds((total - done) / rate) : "?";
		return String.format("progress: %d/%s rows, %.2f rows/s, ETA %s", done, total >= 0 ? Long.toString(total) : "?",
				rate, eta);
	}

	private static String formatSeconds(double seconds) {
		long s = Math.max(0, Math.round(seconds));
		return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
