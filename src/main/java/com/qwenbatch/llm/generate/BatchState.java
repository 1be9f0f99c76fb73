package com.qwenbatch.llm.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.ForwardInput;
import com.qwenbatch.llm.model.QwenModel;

/**
 * The per-request side of a batch: its KV cache, which cache columns each row may attend
 * to, and each row's next rotary position. Rows of different lengths share cache columns;
 * a row simply masks the columns that are not its own, so prompts are left-padded and
 * every decode step writes the same column for all rows. Prompt prefixes are the cache's
 * shared columns, held once.
 */
final class BatchState implements AutoCloseable {

	/**
	 * The token fed where a row has none (left padding, finished rows); always masked
	 * out.
	 */
	static final long PAD_ID = 0;

	private final QwenModel model;

	private final KvCache cache;

	private final boolean[][] validColumns;

	/** Per row, which of the cache's shared (prefix) columns it attends to. */
	private boolean[][] validShared;

	private final long[] nextPosition;

	private int usedColumns;

	private final boolean ownsCache;

	private final InferenceStats stats;

	private BatchState(QwenModel model, KvCache cache, boolean ownsCache, InferenceStats stats) {
		this.model = model;
		this.stats = stats;
		this.cache = cache;
		this.ownsCache = ownsCache;
		this.validColumns = new boolean[cache.batch()][cache.capacity()];
		this.validShared = new boolean[cache.batch()][0];
		this.nextPosition = new long[cache.batch()];
	}

	static BatchState allocate(QwenModel model, int batch, int capacity, InferenceStats stats) {
		return new BatchState(model, new KvCache(model.config(), batch, capacity, model.manager()), true, stats);
	}

	/** A state over a cache someone else owns (closing the state does not close it). */
	static BatchState over(QwenModel model, KvCache cache, InferenceStats stats) {
		return new BatchState(model, cache, false, stats);
	}

	int batch() {
		return this.validColumns.length;
	}

	int usedColumns() {
		return this.usedColumns;
	}

	long nextPosition(int row) {
		return this.nextPosition[row];
	}

	/**
	 * Each row starts with the first {@code lengths[r]} columns of a cached prefix (null:
	 * none), whose keys and values are already known. Each distinct prefix becomes shared
	 * columns of the cache, held once however many rows use it; a row attends to its own
	 * prefix's columns only.
	 */
	void startWithPrefixes(KvCache[] prefixes, int[] lengths) {
		Map<KvCache, Integer> slot = new IdentityHashMap<>();
		List<KvCache> distinct = new ArrayList<>();
		int[] used = new int[batch()];
		for (int r = 0; r < batch(); r++) {
			if (prefixes[r] != null && lengths[r] > 0) {
				int s = slot.computeIfAbsent(prefixes[r], (p) -> {
					distinct.add(p);
					return distinct.size() - 1;
				});
				used[s] = Math.max(used[s], lengths[r]);
			}
		}
		int[] columns = Arrays.copyOf(used, distinct.size());
		int[] offsets = new int[columns.length];
		for (int s = 1; s < columns.length; s++) {
			offsets[s] = offsets[s - 1] + columns[s - 1];
		}
		this.cache.share(distinct, columns);
		this.validShared = new boolean[batch()][this.cache.sharedColumns()];
		for (int r = 0; r < batch(); r++) {
			if (prefixes[r] != null && lengths[r] > 0) {
				int offset = offsets[slot.get(prefixes[r])];
				Arrays.fill(this.validShared[r], offset, offset + lengths[r], true);
			}
			this.nextPosition[r] = lengths[r];
		}
	}

	/**
	 * Appends each row's tokens (left-padded to the longest) as one causal block and
	 * returns the logits after each row's last token: [batch, vocab].
	 */
	NDArray appendPrompts(int[][] tokens, NDManager out) {
		int length = Arrays.stream(tokens).mapToInt((t) -> t.length).max().orElse(0);
		int batch = batch();
		long[] ids = new long[batch * length];
		long[] positions = new long[batch * length];
		boolean[] present = new boolean[batch * length];
		int[] firstReal = new int[batch];
		for (int r = 0; r < batch; r++) {
			firstReal[r] = length - tokens[r].length;
			for (int t = 0; t < length; t++) {
				int s = t - firstReal[r];
				ids[r * length + t] = s >= 0 ? tokens[r][s] : PAD_ID;
				positions[r * length + t] = s >= 0 ? this.nextPosition[r] + s : 0;
				present[r * length + t] = s >= 0;
			}
		}
		long[] lastTokens = new long[batch];
		for (int r = 0; r < batch; r++) {
			lastTokens[r] = (long) r * length + length - 1;
		}
		BlockPattern causalOverRealTokens = (row, q, k) -> k == q || (k < q && k >= firstReal[row]);
		long start = System.nanoTime();
		NDArray logits = forward(length, ids, positions, present, causalOverRealTokens, lastTokens, out);
		this.stats.prefill(Arrays.stream(tokens).mapToLong((t) -> t.length).sum(), System.nanoTime() - start);
		for (int r = 0; r < batch; r++) {
			for (int t = 0; t < length; t++) {
				this.validColumns[r][this.usedColumns - length + t] = t >= firstReal[r];
			}
			this.nextPosition[r] += tokens[r].length;
		}
		return logits;
	}

	/**
	 * One decode step for the rows in {@code logitRows} (the others, finished, cost no
	 * compute and their column is left meaningless): their logits, [logitRows, vocab].
	 */
	NDArray appendTokens(long[] tokens, long[] logitRows, NDManager out) {
		int batch = batch();
		long[] positions = new long[batch];
		boolean[] present = new boolean[batch];
		for (int r = 0; r < batch; r++) {
			positions[r] = this.nextPosition[r]++;
		}
		for (long row : logitRows) {
			present[(int) row] = true;
		}
		long start = System.nanoTime();
		NDArray logits = forward(1, tokens, positions, present, (row, q, k) -> true, logitRows, out);
		this.stats.decode(logitRows.length, System.nanoTime() - start);
		for (int r = 0; r < batch; r++) {
			this.validColumns[r][this.usedColumns - 1] = true;
		}
		return logits;
	}

	/**
	 * A block whose tokens attend by {@code pattern} and whose positions are given;
	 * written to the cache but left invalid for later blocks (used for scoring candidate
	 * continuations).
	 */
	NDArray scoreBlock(long[] ids, long[] positions, int length, BlockPattern pattern, long[] logitRows,
			NDManager out) {
		boolean[] present = new boolean[ids.length];
		Arrays.fill(present, true);
		NDArray logits = forward(length, ids, positions, present, pattern, logitRows, out);
		this.usedColumns -= length;
		return logits;
	}

	private NDArray forward(int length, long[] ids, long[] positions, boolean[] present, BlockPattern pattern,
			long[] logitRows, NDManager out) {
		int batch = batch();
		int shared = this.cache.sharedColumns();
		int column = this.usedColumns;
		int keyColumns = shared + column + length;
		float[] mask = new float[batch * length * keyColumns];
		Arrays.fill(mask, ForwardInput.MASKED);
		for (int r = 0; r < batch; r++) {
			for (int q = 0; q < length; q++) {
				int base = (r * length + q) * keyColumns;
				for (int k = 0; k < shared; k++) {
					if (this.validShared[r][k]) {
						mask[base + k] = 0f;
					}
				}
				base += shared;
				for (int k = 0; k < column; k++) {
					if (this.validColumns[r][k]) {
						mask[base + k] = 0f;
					}
				}
				for (int k = 0; k < length; k++) {
					if (pattern.visible(r, q, k)) {
						mask[base + column + k] = 0f;
					}
				}
			}
		}
		ForwardInput input = new ForwardInput(batch, length, ids, positions, mask, shared, column, logitRows, present);
		NDArray logits = this.model.forward(input, this.cache, out);
		this.usedColumns = column + length;
		return logits;
	}

	@Override
	public void close() {
		if (this.ownsCache) {
			this.cache.close();
		}
	}

}
