package com.qwenbatch.llm;

/**
 * The records of the engine's diagnostic calls (the {@code model} and {@code bench}
 * commands).
 */
public final class Diagnostics {

	private Diagnostics() {
	}

	/**
	 * A chat prompt as token ids; the first {@code sharedPrefixLength} ids are the same
	 * for every comment.
	 */
	public record ChatIds(int[] ids, int sharedPrefixLength) {
	}

	/**
	 * One generated answer: its new token ids (EOS included when produced), text and why
	 * it stopped.
	 */
	public record Generated(int[] tokenIds, String text, String stopReason) {
	}

	/**
	 * Tokens and seconds spent prefilling and decoding since the last reset, and over the
	 * decode steps (each step's first-token or next-token logits read back and sampled)
	 * the seconds outside the forward pass.
	 */
	public record Counters(long prefillTokens, double prefillSeconds, long decodeTokens, double decodeSeconds,
			long steps, double readbackSeconds, double samplingSeconds) {
	}

}
