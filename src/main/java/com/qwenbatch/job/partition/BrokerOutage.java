package com.qwenbatch.job.partition;

import java.time.Duration;

import com.qwenbatch.job.Causes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker that may go away and come back (a restart, a network cut): a failed call is
 * waited out with growing pauses (1 s, 2 s, 4 s … up to 30 s), with one WARN line when
 * the broker is lost and one INFO line when it is back. Names the broker by host and port
 * only, never with its credentials.
 */
final class BrokerOutage {

	private static final Logger log = LoggerFactory.getLogger(BrokerOutage.class);

	static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

	static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

	private final String broker;

	private final String who;

	private long lostAt = -1;

	private Duration pause = FIRST_PAUSE;

	/**
	 * {@code broker}: "host:port"; {@code who}: whose connection it is, for the log
	 * lines.
	 */
	BrokerOutage(String broker, String who) {
		this.broker = broker;
		this.who = who;
	}

	/**
	 * A call to the broker failed: the first failure of an outage is logged; returns how
	 * long to wait before the next try.
	 */
	synchronized Duration lost(RuntimeException failure) {
		if (this.lostAt < 0) {
			this.lostAt = System.nanoTime();
			this.pause = FIRST_PAUSE;
			log.warn("{}: the broker {} is out of reach ({}); waiting for it", this.who, this.broker,
					Causes.firstLine(failure));
		}
		else {
			this.pause = this.pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE
					: this.pause.multipliedBy(2);
		}
		return this.pause;
	}

	/** A call to the broker worked: ends an outage, if there was one. */
	synchronized void back() {
		if (this.lostAt >= 0) {
			log.info("{}: the broker {} is back after {} s", this.who, this.broker, Math.round(seconds()));
			this.lostAt = -1;
			this.pause = FIRST_PAUSE;
		}
	}

	/** How long the broker has been out of reach (0 when it is not). */
	synchronized Duration length() {
		return this.lostAt < 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - this.lostAt);
	}

	String broker() {
		return this.broker;
	}

	private double seconds() {
		return (System.nanoTime() - this.lostAt) / 1e9;
	}

}
