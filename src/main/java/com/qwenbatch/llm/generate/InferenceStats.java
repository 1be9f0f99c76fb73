package com.qwenbatch.llm.generate;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens and time spent in prefill and decode forwards, and per decode step outside the
 * forward (reading logits back, sampling), for benchmarks and logs.
 */
public final class InferenceStats {

	private final AtomicLong prefillTokens = new AtomicLong();

	private final AtomicLong prefillNanos = new AtomicLong();

	private final AtomicLong decodeTokens = new AtomicLong();

	private final AtomicLong decodeNanos = new AtomicLong();

	private final AtomicLong steps = new AtomicLong();

	private final AtomicLong readbackNanos = new AtomicLong();

	private final AtomicLong samplingNanos = new AtomicLong();

	void prefill(long tokens, long nanos) {
		this.prefillTokens.addAndGet(tokens);
		this.prefillNanos.addAndGet(nanos);
	}

	void decode(long tokens, long nanos) {
		this.decodeTokens.addAndGet(tokens);
		this.decodeNanos.addAndGet(nanos);
	}

	/** One decode step's host side: logits read back, then every row sampled. */
	void step(long readbackNanos, long samplingNanos) {
		this.steps.incrementAndGet();
		this.readbackNanos.addAndGet(readbackNanos);
		this.samplingNanos.addAndGet(samplingNanos);
	}

	public long steps() {
		return this.steps.get();
	}

	public double readbackSeconds() {
		return this.readbackNanos.get() / 1e9;
	}

	public double samplingSeconds() {
		return this.samplingNanos.get() / 1e9;
	}

	public long prefillTokens() {
		return this.prefillTokens.get();
	}

	public double prefillSeconds() {
		return this.prefillNanos.get() / 1e9;
	}

	public long decodeTokens() {
		return this.decodeTokens.get();
	}

	public double decodeSeconds() {
		return this.decodeNanos.get() / 1e9;
	}

	public void reset() {
		this.prefillTokens.set(0);
		this.prefillNanos.set(0);
		this.decodeTokens.set(0);
		this.decodeNanos.set(0);
		this.steps.set(0);
		this.readbackNanos.set(0);
		this.samplingNanos.set(0);
	}

}
