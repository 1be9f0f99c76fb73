package com.qwenbatch.llm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;

/**
 * The arguments of one forward's blocks to {@link DecoderLayerScript}, shared by all its
 * layers: shapes, padding indices, rotary angles, masks, and per layer their caches.
 */
final class BlockArguments implements AutoCloseable {

	final IValue shapes;

	final IValue toGrid;

	final IValue toPacked;

	final IValue cos;

	final IValue sin;

	final IValue masks;

	private final List<KeyValueStore> caches;

	private final PtNDArray none;

	private BlockArguments(Builder blocks, NDArray none) {
		this.none = pt(none);
		this.shapes = IValue.listFrom(blocks.shapes.stream().flatMapToLong(Arrays::stream).toArray());
		this.toGrid = list(blocks.toGrid);
		this.toPacked = list(blocks.toPacked);
		this.cos = list(blocks.cos);
		this.sin = list(blocks.sin);
		this.masks = list(blocks.masks);
		this.caches = List.copyOf(blocks.caches);
	}

	private IValue list(List<NDArray> tensors) {
		return IValue.listFrom(tensors.stream().map((t) -> (t != null) ? pt(t) : this.none).toArray(PtNDArray[]::new));
	}

	PtNDArray[] tensors(int layer, BiFunction<KeyValueStore, Integer, NDArray> part) {
		return this.caches.stream().map((cache) -> pt(part.apply(cache, layer))).toArray(PtNDArray[]::new);
	}

	PtNDArray[] sharedTensors(int layer, BiFunction<KeyValueStore, Integer, NDArray> part) {
		return this.caches.stream()
			.map((cache) -> (cache.sharedColumns() > 0) ? pt(part.apply(cache, layer)) : this.none)
			.toArray(PtNDArray[]::new);
	}

	@Override
	public void close() {
		for (IValue value : new IValue[] { this.shapes, this.toGrid, this.toPacked, this.cos, this.sin, this.masks }) {
			value.close();
		}
	}

	/** The blocks of one forward, gathered before their arguments are made. */
	static final class Builder {

		private final List<long[]> shapes = new ArrayList<>();

		private final List<NDArray> toGrid = new ArrayList<>();

		private final List<NDArray> toPacked = new ArrayList<>();

		private final List<NDArray> cos = new ArrayList<>();

		private final List<NDArray> sin = new ArrayList<>();

		private final List<NDArray> masks = new ArrayList<>();

		private final List<KeyValueStore> caches = new ArrayList<>();

		/**
		 * A block of {@code tokens} real tokens: where they sit in its grid, their rotary
		 * angles, its mask [B, 1, 1, T, S + C] and its cache.
		 */
		void add(ForwardInput input, long tokens, Packing packing, RotaryEmbedding rope, NDArray mask,
				KeyValueStore cache) {
			this.shapes.add(new long[] { input.batch(), input.length(), tokens, input.writeColumn() });
			this.toGrid.add(packing.toGridIndex());
			this.toPacked.add(packing.toPackedIndex());
			this.cos.add(rope.cos());
			this.sin.add(rope.sin());
			this.masks.add(mask);
			this.caches.add(cache);
		}

		/** Their arguments; {@code none} stands for an absent tensor. */
		BlockArguments build(NDArray none) {
			return new BlockArguments(this, none);
		}

	}

	private static PtNDArray pt(NDArray tensor) {
		return (PtNDArray) tensor;
	}

}
