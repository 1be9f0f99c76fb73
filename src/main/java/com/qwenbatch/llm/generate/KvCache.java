package com.qwenbatch.llm.generate;

import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.qwenbatch.llm.model.CacheTensors;
import com.qwenbatch.llm.model.KeyValueStore;
import com.qwenbatch.llm.model.QwenConfig;
import com.qwenbatch.llm.model.QwenModel;

/**
 * Keys and values of every layer, preallocated once per batch as [batch, kvHeads,
 * capacity, headDim] and written in place column by column: no concatenation, no
 * regrowth. Prompt prefixes the rows share (system prompts) are kept once for the whole
 * batch, in front of those columns. Values are stored as {@link CacheTensors.Storage}
 * says (decode slots in BF16 next to BF16 weights) and changed only through
 * {@link CacheTensors}.
 */
public final class KvCache implements KeyValueStore, AutoCloseable {

	private final NDManager manager;

	private final CacheTensors tensors;

	private final NDArray[] keys;

	private final NDArray[] values;

	private final NDArray[] sharedKeys;

	private final NDArray[] sharedValues;

	private int sharedColumns;

	private final int batch;

	private final int capacity;

	public KvCache(QwenModel model, int batch, int capacity, CacheTensors.Storage storage) {
		QwenConfig config = model.config();
		this.manager = model.manager().newSubManager();
		this.tensors = model.cacheTensors();
		this.batch = batch;
		this.capacity = capacity;
		this.keys = new NDArray[config.numLayers()];
		this.values = new NDArray[config.numLayers()];
		this.sharedKeys = new NDArray[config.numLayers()];
		this.sharedValues = new NDArray[config.numLayers()];
		for (int i = 0; i < config.numLayers(); i++) {
			this.keys[i] = zeros(config, storage);
			this.values[i] = zeros(config, storage);
		}
	}

	private NDArray zeros(QwenConfig config, CacheTensors.Storage storage) {
		return this.tensors.zeros(this.manager, storage, this.batch, config.numKeyValueHeads(), this.capacity,
				config.headDim());
	}

	public int batch() {
		return this.batch;
	}

	public int capacity() {
		return this.capacity;
	}

	@Override
	public NDArray keys(int layer) {
		return this.keys[layer];
	}

	@Override
	public NDArray values(int layer) {
		return this.values[layer];
	}

	/**
	 * Copies row {@code sourceRow}'s first {@code columns} columns of {@code source}, in
	 * every layer, into row {@code row} from column {@code at} on.
	 */
	void copyColumns(KvCache source, int sourceRow, int row, int columns, int at) {
		for (int i = 0; i < this.keys.length; i++) {
			this.tensors.copyColumns(this.keys[i], row, at, source.keys[i], sourceRow, columns);
			this.tensors.copyColumns(this.values[i], row, at, source.values[i], sourceRow, columns);
		}
	}

	/**
	 * Rewrites every row's first {@code columns} columns, in every layer, as
	 * {@code from[row * columns + c]}: the column each one is taken from (the same row's;
	 * gathered before anything is written, so sources may overlap targets).
	 */
	void gatherColumns(long[] from, int columns) {
		if (columns == 0) {
			return;
		}
		try (NDManager scratch = this.manager.newSubManager()) {
			NDArray index = scratch.create(from, new Shape(this.batch, 1, columns, 1));
			for (int i = 0; i < this.keys.length; i++) {
				this.tensors.gatherColumns(this.keys[i], index, columns);
				this.tensors.gatherColumns(this.values[i], index, columns);
			}
		}
	}

	/**
	 * Makes the first {@code lengths[i]} columns of each one-row cache
	 * {@code prefixes[i]} columns that every row may attend to, stored once side by side
	 * (not once per row): [1, kvHeads, sum of lengths, headDim] per layer. A copy, so the
	 * prefix cache may evict its entries meanwhile.
	 */
	public void share(List<KvCache> prefixes, int[] lengths) {
		if (this.sharedColumns > 0) {
			throw new IllegalStateException("a batch's shared columns are set once, before its first block");
		}
		int columns = Arrays.stream(lengths).sum();
		for (int i = 0; i < this.keys.length; i++) {
			this.sharedKeys[i] = joined(prefixes, lengths, i, true);
			this.sharedValues[i] = joined(prefixes, lengths, i, false);
		}
		this.sharedColumns = columns;
	}

	/**
	 * Uses {@code other}'s shared columns as this cache's own, without a copy (they stay
	 * {@code other}'s: this cache must not outlive it).
	 */
	void shareWith(KvCache other) {
		if (this.sharedColumns > 0) {
			throw new IllegalStateException("a batch's shared columns are set once, before its first block");
		}
		System.arraycopy(other.sharedKeys, 0, this.sharedKeys, 0, this.sharedKeys.length);
		System.arraycopy(other.sharedValues, 0, this.sharedValues, 0, this.sharedValues.length);
		this.sharedColumns = other.sharedColumns;
	}

	private NDArray joined(List<KvCache> prefixes, int[] lengths, int layer, boolean keys) {
		try (NDManager scratch = this.manager.newSubManager()) {
			NDList parts = new NDList();
			for (int p = 0; p < prefixes.size(); p++) {
				NDArray[] source = keys ? prefixes.get(p).keys : prefixes.get(p).values;
				NDArray part = source[layer].get(new NDIndex(":, :, :{}", lengths[p]));
				part.attach(scratch);
				parts.add(part);
			}
			NDArray block = parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 2);
			block.attach(this.manager);
			return block;
		}
	}

	@Override
	public int sharedColumns() {
		return this.sharedColumns;
	}

	@Override
	public NDArray sharedKeys(int layer) {
		return this.sharedKeys[layer];
	}

	@Override
	public NDArray sharedValues(int layer) {
		return this.sharedValues[layer];
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
