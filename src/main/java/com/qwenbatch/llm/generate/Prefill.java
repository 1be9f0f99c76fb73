package com.qwenbatch.llm.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.QwenModel;

/**
 * Starts a batch: finds the prefix all rows share (bounded by what the callers declared
 * shareable), takes its keys and values from the {@link PrefixCache}, and prefills the rest of
 * each prompt in one left-padded block.
 */
final class Prefill {

	private final QwenModel model;

	private final PrefixCache prefixes;

	private final InferenceStats stats;

	Prefill(QwenModel model, PrefixCache prefixes, InferenceStats stats) {
		this.model = model;
		this.prefixes = prefixes;
		this.stats = stats;
	}

	/** The batch state and the logits after each prompt's last token: [batch, vocab]. */
	record Started(BatchState state, NDArray lastLogits) implements AutoCloseable {

		@Override
		public void close() {
			this.state.close();
		}

	}

	Started start(int[][] prompts, int[] shareable, int extraColumns, NDManager out) {
		int shared = sharedPrefixLength(prompts, shareable);
		int longestSuffix = 0;
		int[][] suffixes = new int[prompts.length][];
		for (int r = 0; r < prompts.length; r++) {
			suffixes[r] = java.util.Arrays.copyOfRange(prompts[r], shared, prompts[r].length);
			longestSuffix = Math.max(longestSuffix, suffixes[r].length);
		}
		BatchState state = BatchState.allocate(this.model, prompts.length, shared + longestSuffix + extraColumns,
				this.stats);
		try {
			if (shared > 0) {
				state.startWithSharedPrefix(this.prefixes.get(java.util.Arrays.copyOf(prompts[0], shared)), shared);
			}
			return new Started(state, state.appendPrompts(suffixes, out));
		}
		catch (RuntimeException ex) {
			state.close();
			throw ex;
		}
	}

	/** The longest common prefix within every row's shareable part, leaving each row one own token. */
	static int sharedPrefixLength(int[][] prompts, int[] shareable) {
		int limit = Integer.MAX_VALUE;
		for (int r = 0; r < prompts.length; r++) {
			limit = Math.min(limit, Math.min(shareable[r], prompts[r].length - 1));
		}
		int n = 0;
		while (n < limit && allEqualAt(prompts, n)) {
			n++;
		}
		return n;
	}

	private static boolean allEqualAt(int[][] prompts, int index) {
		for (int[] prompt : prompts) {
			if (prompt[index] != prompts[0][index]) {
				return false;
			}
		}
		return true;
	}

}
