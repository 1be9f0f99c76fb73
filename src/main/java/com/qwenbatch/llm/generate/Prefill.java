package com.qwenbatch.llm.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.CacheTensors;
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

	private final CacheTensors.Storage storage;

	/** {@code storage}: how the rows' own cache columns hold their values. */
	Prefill(QwenModel model, PrefixCache prefixes, CacheTensors.Storage storage, InferenceStats stats) {
		this.model = model;
		this.prefixes = prefixes;
		this.storage = storage;
		this.stats = stats;
	}

	/**
	 * The batch state and the logits after each started prompt's last token: [slots,
	 * vocab]; rows past the slots join later with {@link #admit}.
	 */
	record Started(BatchState state, NDArray lastLogits, Rows rows) implements AutoCloseable {

		@Override
		public void close() {
			this.state.close();
		}

	}

	/**
	 * Every row's cached prefix (null: none), how much of it, and the rest to prefill.
	 */
	record Rows(KvCache[] prefixes, int[] prefixLengths, int[][] suffixes) {
	}

	Started start(int[][] prompts, int[] shareable, int extraColumns, NDManager out) {
		return start(prompts, shareable, prompts.length, extraColumns, out);
	}

	/**
	 * Starts the first {@code slots} rows; the others wait for {@link #admit} or
	 * {@link #decodeAndJoin}. Every row's prefix is shared from the start. The cache
	 * holds one prompt and one reply: a running row never needs more, so when it is full
	 * the columns no running row needs are dropped ({@link BatchState#compact}).
	 */
	Started start(int[][] prompts, int[] shareable, int slots, int extraColumns, NDManager out) {
		int batch = prompts.length;
		RowPrefixes plan = RowPrefixes.plan(prompts, shareable);
		int[][] suffixes = new int[batch][];
		int longestSuffix = 0;
		for (int r = 0; r < batch; r++) {
			suffixes[r] = Arrays.copyOfRange(prompts[r], plan.lengths()[r], prompts[r].length);
			longestSuffix = Math.max(longestSuffix, suffixes[r].length);
		}
		int longestPrefix = Arrays.stream(plan.lengths()).max().orElse(0);
		KvCache[] caches = new KvCache[batch];
		for (int r = 0; r < batch && longestPrefix > 0; r++) {
			caches[r] = plan.entries()[r] == null ? null : this.prefixes.get(plan.entries()[r]);
		}
		Rows rows = new Rows(caches, plan.lengths(), suffixes);
		// the prefixes become the cache's shared columns: each row's own columns start
		// after them
		int capacity = longestSuffix + extraColumns;
		BatchState state = BatchState.allocate(this.model, slots, capacity, this.storage, this.stats);
		try {
			if (longestPrefix > 0) {
				state.shareAll(caches, plan.lengths());
			}
			int[][] first = new int[slots][];
			for (int r = 0; r < slots; r++) {
				state.usePrefix(r, caches[r], plan.lengths()[r]);
				first[r] = suffixes[r];
			}
			return new Started(state, state.admit(first, out), rows);
		}
		catch (RuntimeException ex) {
			state.close();
			throw ex;
		}
	}

	/**
	 * Row {@code rows[i]} of the started batch joins in slot {@code slots[i]} while no
	 * other row runs: their prompts are prefilled as one block from the cache's first
	 * column. Returns their logits in slot order: [rows, vocab].
	 */
	NDArray admit(Started started, int[] slots, int[] rows, boolean[] running, NDManager out) {
		BatchState state = started.state();
		// with no row running this drops every column (no copying): the block starts at 0
		state.compact(running);
		int[][] block = new int[state.batch()][];
		for (int i = 0; i < slots.length; i++) {
			Rows r = started.rows();
			state.usePrefix(slots[i], r.prefixes()[rows[i]], r.prefixLengths()[rows[i]]);
			block[slots[i]] = r.suffixes()[rows[i]];
		}
		return state.admit(block, out);
	}

	/**
	 * One decode step of the running rows ({@code tokens}, {@code logitRows}) with rows
	 * {@code rows[i]} joining in slots {@code slots[i]} in the same pass over the
	 * weights: the joining prompts are prefilled as a batch of their own and moved into
	 * their slots (the columns no running row needs are dropped first when there is no
	 * room). Returns the logits of the decoded rows, then of the joining ones.
	 */
	NDArray decodeAndJoin(Started started, long[] tokens, long[] logitRows, int[] slots, int[] rows, boolean[] running,
			NDManager out) {
		BatchState state = started.state();
		Rows r = started.rows();
		int[][] suffixes = Arrays.stream(rows).mapToObj((row) -> r.suffixes()[row]).toArray(int[][]::new);
		int longest = Arrays.stream(suffixes).mapToInt((s) -> s.length).max().orElse(0);
		if (Math.max(state.usedColumns(), longest - 1) + 1 > state.capacity()) {
			state.compact(running);
		}
		// the joining rows read the prefixes the batch already holds
		try (BatchState joining = BatchState.allocate(this.model, rows.length, longest, this.storage, this.stats)) {
			joining.shareWith(state);
			for (int i = 0; i < rows.length; i++) {
				state.usePrefix(slots[i], r.prefixes()[rows[i]], r.prefixLengths()[rows[i]]);
				joining.usePrefix(i, r.prefixes()[rows[i]], r.prefixLengths()[rows[i]]);
			}
			return state.decodeAndJoin(tokens, logitRows, joining, suffixes, slots, out);
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
