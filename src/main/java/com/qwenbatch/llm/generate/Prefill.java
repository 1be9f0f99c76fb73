package com.qwenbatch.llm.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.QwenModel;

/**
 * Starts a batch: takes each row's shareable prefix (its system prompt, say) from the
 * {@link PrefixCache} and prefills the rest of each prompt in one block. A batch may mix
 * a few prefixes (a Chinese and an English system prompt); a row whose prefix is not
 * among the most common ones uses as much of one of those as it shares.
 */
final class Prefill {

	/**
	 * Distinct prefixes one batch takes from the cache (the cache holds twice as many).
	 */
	static final int MAX_PREFIXES = PrefixCache.MAX_ENTRIES / 2;

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
		RowPrefixes plan = RowPrefixes.plan(prompts, shareable);
		int[][] suffixes = new int[batch][];
		int longestSuffix = 0;
		for (int r = 0; r < batch; r++) {
			suffixes[r] = Arrays.copyOfRange(prompts[r], plan.lengths()[r], prompts[r].length);
			longestSuffix = Math.max(longestSuffix, suffixes[r].length);
		}
		int longestPrefix = Arrays.stream(plan.lengths()).max().orElse(0);
		// the prefixes become the cache's shared columns: each row's own columns start
		// after them
		BatchState state = BatchState.allocate(this.model, batch, longestSuffix + extraColumns, this.stats);
		try {
			if (longestPrefix > 0) {
				KvCache[] caches = new KvCache[batch];
				for (int r = 0; r < batch; r++) {
					caches[r] = plan.entries()[r] == null ? null : this.prefixes.get(plan.entries()[r]);
				}
				state.startWithPrefixes(caches, plan.lengths());
			}
			return new Started(state, state.appendPrompts(suffixes, out));
		}
		catch (RuntimeException ex) {
			state.close();
			throw ex;
		}
	}

	/**
	 * Per row, the cached prefix it starts from (null: none) and how many of its columns
	 * it uses. Rows declare how many leading ids they may share; each keeps at least one
	 * own token.
	 */
	record RowPrefixes(int[][] entries, int[] lengths) {

		static RowPrefixes plan(int[][] prompts, int[] shareable) {
			int batch = prompts.length;
			int[] limits = new int[batch];
			Map<List<Integer>, Integer> counts = new LinkedHashMap<>();
			for (int r = 0; r < batch; r++) {
				limits[r] = Math.min(shareable[r], prompts[r].length - 1);
				if (limits[r] > 0) {
					counts.merge(Arrays.stream(prompts[r], 0, limits[r]).boxed().toList(), 1, Integer::sum);
				}
			}
			List<int[]> common = counts.entrySet()
				.stream()
				.sorted(Comparator.comparingInt((Map.Entry<List<Integer>, Integer> e) -> e.getValue()).reversed())
				.limit(MAX_PREFIXES)
				.map((e) -> e.getKey().stream().mapToInt(Integer::intValue).toArray())
				.toList();
			int[][] entries = new int[batch][];
			int[] lengths = new int[batch];
			for (int r = 0; r < batch; r++) {
				for (int[] candidate : common) {
					// a candidate is never longer than the row's limit, which is shorter
					// than the row
					int mismatch = Arrays.mismatch(prompts[r], candidate);
					int shared = Math.min(limits[r], mismatch < 0 ? candidate.length : mismatch);
					if (shared > lengths[r]) {
						lengths[r] = shared;
						entries[r] = candidate;
					}
				}
			}
			return new RowPrefixes(entries, lengths);
		}

	}

}
