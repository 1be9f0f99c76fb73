package com.qwenbatch.llm.generate;

import java.util.concurrent.atomic.AtomicLong;

/** Tokens and time spent in prefill and decode forwards, for benchmarks and logs. */
public final class InferenceStats {

	private final AtomicLong prefillTokens = new AtomicLong();

	private final AtomicLong prefillNanos = new AtomicLong();

	private final AtomicLong decodeTokens = new AtomicLong();

	private final AtomicLong decodeNanos = new AtomicLong();

	void prefill(long tokens, long nanos) {
		this.prefillTokens.addAndGet(tokens);
		this.prefillNanos.addAndGet(nanos);
	}

	void decode(long tokens, long nanos) {
		this.decodeTokens.addAndGet(tokens);
		this.decodeNanos.addAndGet(nanos);
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
	}

}
