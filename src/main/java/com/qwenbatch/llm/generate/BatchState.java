package com.qwenbatch.llm.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.CacheTensors;
import com.qwenbatch.llm.model.ForwardInput;
import com.qwenbatch.llm.model.QwenModel;

/**
 * The per-request side of a batch: its KV cache, which cache columns each row may attend
 * to, and each row's next rotary position. Rows of different lengths share cache columns;
 * a row simply masks the columns that are not its own, so prompts are left-padded and
 * every decode step writes the same column for all rows. Prompt prefixes are the cache's
 * shared columns, held once. A row (slot) whose sequence has ended can take a new one:
 * the new prompts are appended as a block of their own, and the columns no running row
 * needs any more are dropped first.
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

	/** Where each shared prefix's columns start among the cache's shared columns. */
	private final Map<KvCache, Integer> sharedOffsets = new IdentityHashMap<>();

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

	static BatchState allocate(QwenModel model, int batch, int capacity, CacheTensors.Storage storage,
			InferenceStats stats) {
		return new BatchState(model, new KvCache(model, batch, capacity, storage), true, stats);
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
	 * Makes every distinct prefix among {@code prefixes} (one per row that will ever use
	 * this batch, possibly more rows than the batch has slots) the cache's shared
	 * columns, once; rows are then given theirs with {@link #usePrefix}.
	 */
	void shareAll(KvCache[] prefixes, int[] lengths) {
		List<KvCache> distinct = new ArrayList<>();
		Map<KvCache, Integer> longest = new IdentityHashMap<>();
		for (int r = 0; r < prefixes.length; r++) {
			if (prefixes[r] != null && lengths[r] > 0) {
				if (!longest.containsKey(prefixes[r])) {
					distinct.add(prefixes[r]);
				}
				longest.merge(prefixes[r], lengths[r], Math::max);
			}
		}
		int[] columns = distinct.stream().mapToInt(longest::get).toArray();
		int offset = 0;
		for (int s = 0; s < columns.length; s++) {
			this.sharedOffsets.put(distinct.get(s), offset);
			offset += columns[s];
		}
		this.cache.share(distinct, columns);
		this.validShared = new boolean[batch()][this.cache.sharedColumns()];
	}

	/**
	 * Takes {@code other}'s shared columns (no copy: this state must not outlive it), so
	 * rows here may be given any of its prefixes with {@link #usePrefix}.
	 */
	void shareWith(BatchState other) {
		this.cache.shareWith(other.cache);
		this.sharedOffsets.putAll(other.sharedOffsets);
		this.validShared = new boolean[batch()][this.cache.sharedColumns()];
	}

	/**
	 * Row {@code row} starts afresh with the first {@code length} columns of
	 * {@code prefix} (null: none), one of the prefixes given to {@link #shareAll}: it
	 * forgets every column it had.
	 */
	void usePrefix(int row, KvCache prefix, int length) {
		Arrays.fill(this.validShared[row], false);
		Arrays.fill(this.validColumns[row], false);
		if (prefix != null && length > 0) {
			int offset = this.sharedOffsets.get(prefix);
			Arrays.fill(this.validShared[row], offset, offset + length, true);
			this.nextPosition[row] = length;
		}
		else {
			this.nextPosition[row] = 0;
		}
	}

	/**
	 * Appends each row's tokens (left-padded to the longest) as one causal block and
	 * returns the logits after each row's last token: [batch, vocab].
	 */
	NDArray appendPrompts(int[][] tokens, NDManager out) {
		return admit(tokens, out);
	}

	/**
	 * Appends the tokens of the rows whose entry is not null (left-padded to the longest)
	 * as one causal block; the other rows take no part (no compute in the projections;
	 * the block's columns are not theirs). Returns the logits after each such row's last
	 * token, in row order: [rows given, vocab]. This is how rows join a running batch:
	 * their slot is given a prefix ({@link #usePrefix}) and then their prompt here.
	 */
	NDArray admit(int[][] tokens, NDManager out) {
		return run(admitBlock(tokens), out);
	}

	private Pending admitBlock(int[][] tokens) {
		int batch = batch();
		int length = Arrays.stream(tokens).filter(Objects::nonNull).mapToInt((t) -> t.length).max().orElse(0);
		long[] ids = new long[batch * length];
		long[] positions = new long[batch * length];
		boolean[] present = new boolean[batch * length];
		int[] firstReal = new int[batch];
		List<Long> lastTokens = new ArrayList<>();
		long newTokens = 0;
		for (int r = 0; r < batch; r++) {
			firstReal[r] = tokens[r] == null ? length : length - tokens[r].length;
			for (int t = firstReal[r]; t < length; t++) {
				int s = t - firstReal[r];
				ids[r * length + t] = tokens[r][s];
				positions[r * length + t] = this.nextPosition[r] + s;
				present[r * length + t] = true;
			}
			if (tokens[r] != null) {
				lastTokens.add((long) r * length + length - 1);
				newTokens += tokens[r].length;
			}
		}
		BlockPattern causalOverRealTokens = (row, q, k) -> k == q || (k < q && k >= firstReal[row]);
		long prefilled = newTokens;
		return prepare(length, ids, positions, present, causalOverRealTokens,
				lastTokens.stream().mapToLong(Long::longValue).toArray(), (nanos) -> {
					this.stats.prefill(prefilled, nanos);
					for (int r = 0; r < batch; r++) {
						for (int t = 0; t < length; t++) {
							this.validColumns[r][this.usedColumns - length + t] = t >= firstReal[r];
						}
						if (tokens[r] != null) {
							this.nextPosition[r] += tokens[r].length;
						}
					}
				});
	}

	/**
	 * One decode step of the rows in {@code logitRows} and, in the same pass over the
	 * weights, the prompts of rows joining this batch ({@code joiningTokens[i]} for slot
	 * {@code slots[i]}, each given its prefix with {@link #usePrefix}), prefilled in
	 * {@code joining}, a batch of their own whose columns then move into their slots,
	 * ending at this step's column. Returns the logits of the decoded rows, then of the
	 * joining ones: [logitRows + slots, vocab].
	 */
	NDArray decodeAndJoin(long[] tokens, long[] logitRows, BatchState joining, int[][] joiningTokens, int[] slots,
			NDManager out) {
		int length = Arrays.stream(joiningTokens).mapToInt((t) -> t.length).max().orElse(0);
		// the joining columns end at this step's column: it must be at least their length
		this.usedColumns = Math.max(this.usedColumns, length - 1);
		Pending step = decodeBlock(tokens, logitRows);
		Pending join = joining.admitBlock(joiningTokens);
		long start = System.nanoTime();
		NDArray logits = this.model.forward(List.of(step.input(), join.input()), List.of(this.cache, joining.cache),
				out);
		long nanos = System.nanoTime() - start;
		// the time split by tokens between the step and the prompts
		long stepTokens = logitRows.length;
		long joinTokens = Arrays.stream(joiningTokens).mapToLong((t) -> t.length).sum();
		long stepNanos = nanos * stepTokens / Math.max(1, stepTokens + joinTokens);
		step.done().accept(stepNanos);
		join.done().accept(nanos - stepNanos);
		int at = this.usedColumns - length;
		for (int i = 0; i < slots.length; i++) {
			int slot = slots[i];
			this.cache.copyColumns(joining.cache, i, slot, length, at);
			Arrays.fill(this.validColumns[slot], false);
			System.arraycopy(joining.validColumns[i], 0, this.validColumns[slot], at, length);
			this.nextPosition[slot] = joining.nextPosition[i];
		}
		return logits;
	}

	int capacity() {
		return this.cache.capacity();
	}

	/** Columns still free at the end of the cache. */
	int freeColumns() {
		return this.cache.capacity() - this.usedColumns;
	}

	/**
	 * Drops every column that no row in {@code keep} attends to: each kept row's own
	 * columns move, in order, to the end of the first (most) columns; the other rows lose
	 * theirs (they are finished or about to start afresh). Keys carry their rotary
	 * positions, so attention is unchanged; the cache only shrinks.
	 */
	void compact(boolean[] keep) {
		int batch = batch();
		int[] counts = new int[batch];
		int columns = 0;
		for (int r = 0; r < batch; r++) {
			if (keep[r]) {
				for (int c = 0; c < this.usedColumns; c++) {
					counts[r] += this.validColumns[r][c] ? 1 : 0;
				}
				columns = Math.max(columns, counts[r]);
			}
		}
		long[] from = new long[batch * columns];
		for (int r = 0; r < batch; r++) {
			int to = columns - counts[r];
			boolean[] valid = new boolean[this.validColumns[r].length];
			for (int c = 0; keep[r] && c < this.usedColumns; c++) {
				if (this.validColumns[r][c]) {
					from[r * columns + to] = c;
					valid[to++] = true;
				}
			}
			this.validColumns[r] = valid;
		}
		this.cache.gatherColumns(from, columns);
		this.usedColumns = columns;
	}

	/**
	 * One decode step for the rows in {@code logitRows} (the others, finished, cost no
	 * compute and their column is left meaningless): their logits, [logitRows, vocab].
	 */
	NDArray appendTokens(long[] tokens, long[] logitRows, NDManager out) {
		return run(decodeBlock(tokens, logitRows), out);
	}

	private Pending decodeBlock(long[] tokens, long[] logitRows) {
		int batch = batch();
		long[] positions = new long[batch];
		boolean[] present = new boolean[batch];
		for (int r = 0; r < batch; r++) {
			positions[r] = this.nextPosition[r]++;
		}
		for (long row : logitRows) {
			present[(int) row] = true;
		}
		return prepare(1, tokens, positions, present, (row, q, k) -> true, logitRows, (nanos) -> {
			this.stats.decode(logitRows.length, nanos);
			for (int r = 0; r < batch; r++) {
				this.validColumns[r][this.usedColumns - 1] = true;
			}
		});
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
		NDArray logits = run(prepare(length, ids, positions, present, pattern, logitRows, (nanos) -> {
		}), out);
		this.usedColumns -= length;
		return logits;
	}

	/**
	 * A block ready to run: its input, and what to record once it has run (given the
	 * nanoseconds it took); its columns are counted as used from then on.
	 */
	private record Pending(ForwardInput input, LongConsumer done) {
	}

	private NDArray run(Pending block, NDManager out) {
		long start = System.nanoTime();
		NDArray logits = this.model.forward(block.input(), this.cache, out);
		block.done().accept(System.nanoTime() - start);
		return logits;
	}

	private Pending prepare(int length, long[] ids, long[] positions, boolean[] present, BlockPattern pattern,
			long[] logitRows, LongConsumer afterwards) {
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
		return new Pending(input, (nanos) -> {
			this.usedColumns = column + length;
			afterwards.accept(nanos);
		});
	}

	@Override
	public void close() {
		if (this.ownsCache) {
			this.cache.close();
		}
	}

}
