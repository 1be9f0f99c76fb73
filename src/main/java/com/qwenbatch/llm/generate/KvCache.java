package com.qwenbatch.llm.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.qwenbatch.llm.model.KeyValueStore;
import com.qwenbatch.llm.model.QwenConfig;

/**
 * Keys and values of every layer, preallocated once per batch as [batch, kvHeads, capacity,
 * headDim] and written in place column by column: no concatenation, no regrowth.
 */
public final class KvCache implements KeyValueStore, AutoCloseable {

	private final NDManager manager;

	private final NDArray[] keys;

	private final NDArray[] values;

	private final int batch;

	private final int capacity;

	public KvCache(QwenConfig config, int batch, int capacity, NDManager parent) {
		this.manager = parent.newSubManager();
		this.batch = batch;
		this.capacity = capacity;
		this.keys = new NDArray[config.numLayers()];
		this.values = new NDArray[config.numLayers()];
		Shape shape = new Shape(batch, config.numKeyValueHeads(), capacity, config.headDim());
		for (int i = 0; i < config.numLayers(); i++) {
			this.keys[i] = this.manager.zeros(shape);
			this.values[i] = this.manager.zeros(shape);
		}
	}

	public int batch() {
		return this.batch;
	}

	public int capacity() {
		return this.capacity;
	}

	@Override
	public void write(int layer, int column, NDArray k, NDArray v) {
		long length = k.getShape().get(2);
		if (column + length > this.capacity) {
			throw new IllegalStateException("KV cache full: writing columns up to " + (column + length) + " of "
					+ this.capacity);
		}
		NDIndex columns = new NDIndex(":, :, {}:{}", column, column + length);
		this.keys[layer].set(columns, k);
		this.values[layer].set(columns, v);
	}

	@Override
	public NDArray keys(int layer, int length) {
		return this.keys[layer].get(new NDIndex(":, :, :{}", length));
	}

	@Override
	public NDArray values(int layer, int length) {
		return this.values[layer].get(new NDIndex(":, :, :{}", length));
	}

	/** Copies the first {@code length} columns of a one-row cache into every row (a shared prefix). */
	public void copyPrefix(KvCache prefix, int length) {
		NDIndex columns = new NDIndex(":, :, :{}", length);
		for (int i = 0; i < this.keys.length; i++) {
			try (NDArray k = prefix.keys(i, length); NDArray v = prefix.values(i, length)) {
				this.keys[i].set(columns, k);
				this.values[i].set(columns, v);
			}
		}
	}

	/**
	 * Row r gets the first {@code lengths[r]} columns of the one-row cache {@code prefixes[r]}
	 * (null: none), right-aligned to end at column {@code longest}: one block per layer built on
	 * the engine side and written with one indexed write, as {@link #copyPrefix} does.
	 */
	public void copyPrefixes(KvCache[] prefixes, int[] lengths, int longest) {
		NDIndex columns = new NDIndex(":, :, :{}", longest);
		for (int i = 0; i < this.keys.length; i++) {
			try (NDManager scratch = this.manager.newSubManager()) {
				this.keys[i].set(columns, rightAligned(prefixes, lengths, longest, i, true, scratch));
				this.values[i].set(columns, rightAligned(prefixes, lengths, longest, i, false, scratch));
			}
		}
	}

	/** [batch, kvHeads, longest, headDim]: each row's prefix keys (or values) after zero padding. */
	private NDArray rightAligned(KvCache[] prefixes, int[] lengths, int longest, int layer, boolean keys,
			NDManager scratch) {
		Shape row = this.keys[layer].getShape();
		NDList rows = new NDList();
		for (int r = 0; r < lengths.length; r++) {
			NDList parts = new NDList();
			if (lengths[r] < longest) {
				parts.add(scratch.zeros(new Shape(1, row.get(1), longest - lengths[r], row.get(3))));
			}
			if (lengths[r] > 0) {
				NDArray prefix = keys ? prefixes[r].keys(layer, lengths[r]) : prefixes[r].values(layer, lengths[r]);
				prefix.attach(scratch);
				parts.add(prefix);
			}
			NDArray joined = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 2);
			joined.attach(scratch);
			rows.add(joined);
		}
		NDArray block = NDArrays.concat(rows, 0);
		block.attach(scratch);
		return block;
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
