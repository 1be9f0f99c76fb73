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
		int batch = prompts.length;
		int shared = sharedPrefixLength(prompts, shareable);
		boolean ownPrefixes = shared == 0 && batch > 1 && ownPrefixesHelp(prompts, shareable);
		int[] prefixLengths = new int[batch];
		int[][] suffixes = new int[batch][];
		int longestPrefix = 0;
		int longestSuffix = 0;
		for (int r = 0; r < batch; r++) {
			prefixLengths[r] = ownPrefixes ? ownPrefixLength(prompts[r], shareable[r]) : shared;
			suffixes[r] = java.util.Arrays.copyOfRange(prompts[r], prefixLengths[r], prompts[r].length);
			longestPrefix = Math.max(longestPrefix, prefixLengths[r]);
			longestSuffix = Math.max(longestSuffix, suffixes[r].length);
		}
		BatchState state = BatchState.allocate(this.model, batch, longestPrefix + longestSuffix + extraColumns,
				this.stats);
		try {
			if (ownPrefixes) {
				state.startWithPrefixes(rowPrefixes(prompts, prefixLengths), prefixLengths);
			}
			else if (shared > 0) {
				state.startWithSharedPrefix(this.prefixes.get(java.util.Arrays.copyOf(prompts[0], shared)), shared);
			}
			return new Started(state, state.appendPrompts(suffixes, out));
		}
		catch (RuntimeException ex) {
			state.close();
			throw ex;
		}
	}

	/**
	 * Rows declared shareable prefixes, but not one common to all (e.g. Chinese and English system
	 * prompts), and few enough distinct ones that the prefix cache holds them all at once.
	 */
	private static boolean ownPrefixesHelp(int[][] prompts, int[] shareable) {
		java.util.Set<java.util.List<Integer>> distinct = new java.util.HashSet<>();
		for (int r = 0; r < prompts.length; r++) {
			int length = ownPrefixLength(prompts[r], shareable[r]);
			if (length > 0) {
				distinct.add(java.util.Arrays.stream(prompts[r], 0, length).boxed().toList());
			}
		}
		return !distinct.isEmpty() && distinct.size() <= PrefixCache.MAX_ENTRIES / 2;
	}

	private static int ownPrefixLength(int[] prompt, int shareable) {
		return Math.min(shareable, prompt.length - 1);
	}

	/** Each row's own prefix from the cache (one entry per distinct system prompt); null for none. */
	private KvCache[] rowPrefixes(int[][] prompts, int[] lengths) {
		KvCache[] rowPrefixes = new KvCache[prompts.length];
		for (int r = 0; r < prompts.length; r++) {
			rowPrefixes[r] = lengths[r] == 0 ? null : this.prefixes.get(java.util.Arrays.copyOf(prompts[r], lengths[r]));
		}
		return rowPrefixes;
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
