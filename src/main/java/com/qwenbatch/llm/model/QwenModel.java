package com.qwenbatch.llm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The Qwen2 / Qwen3 decoder forward pass: embedding, N x decoder layer (RMSNorm,
 * grouped-query attention with rotary positions, residual, RMSNorm, SwiGLU MLP, residual:
 * one call of {@link DecoderLayerScript} each), final RMSNorm, lm_head. Shapes in
 * comments: B batch rows, T new tokens, C the rows' own key columns, S the key columns
 * shared by all rows (prompt prefixes held once), H hidden, N real (not padding) tokens
 * of the B x T block: everything but attention runs on those only.
 */
public final class QwenModel implements AutoCloseable {

	private final QwenConfig config;

	private final Weights weights;

	private final NDArray inverseFrequencies;

	private final HostUploads uploads = new HostUploads();

	private final DecoderLayerScript layers;

	private final CacheTensors cacheTensors;

	private final List<LayerArguments> layerArguments;

	/**
	 * Stands for an absent tensor among a layer's arguments (no padding, no shared
	 * columns).
	 */
	private final NDArray noTensor;

	public QwenModel(QwenConfig config, Weights weights) {
		this.config = config;
		this.weights = weights;
		this.inverseFrequencies = RotaryEmbedding.inverseFrequencies(weights.manager(), config.headDim(),
				config.ropeTheta());
		this.layers = weights.layerScript();
		this.cacheTensors = CacheTensors.load(weights.manager(), weights.format());
		this.layerArguments = weights.layers().stream().map((layer) -> LayerArguments.of(layer, config)).toList();
		this.noTensor = weights.manager().create(new float[0]);
	}

	public QwenConfig config() {
		return this.config;
	}

	public WeightFormat weightFormat() {
		return this.weights.format();
	}

	public NDManager manager() {
		return this.weights.manager();
	}

	/** Makes and rearranges KV cache tensors in this model's cache type. */
	public CacheTensors cacheTensors() {
		return this.cacheTensors;
	}

	/**
	 * Runs one block of tokens through the model, writing its keys and values to
	 * {@code cache}. Returns the logits [N, vocab] of {@code input.logitRows()}, attached
	 * to {@code out}.
	 */
	public NDArray forward(ForwardInput input, KeyValueStore cache, NDManager out) {
		return forward(List.of(input), List.of(cache), out);
	}

	/**
	 * Runs several blocks, each with its own cache (e.g. one decode step of a running
	 * batch and the prompts of rows about to join it), in one pass over the weights: the
	 * projections and the MLP run on all their real tokens together, attention per block.
	 * Returns the logits of every block's {@code logitRows}, block after block.
	 */
	public synchronized NDArray forward(List<ForwardInput> inputs, List<? extends KeyValueStore> caches,
			NDManager out) {
		// libtorch keeps this per thread, and only DJL's own forward sets it: the layer
		// script's shapes change every call, so profiling and specialising them is waste
		JniUtils.setGraphExecutorOptimize(false);
		try (NDManager step = this.weights.manager().newSubManager(); NDScope scope = new NDScope()) {
			BlockArguments.Builder blocks = new BlockArguments.Builder();
			List<long[]> ids = new ArrayList<>();
			List<long[]> logitRows = new ArrayList<>();
			long offset = 0;
			for (int g = 0; g < inputs.size(); g++) {
				ForwardInput input = inputs.get(g);
				KeyValueStore cache = caches.get(g);
				checkFits(input, cache);
				Packing packing = Packing.of(input, this.uploads, step);
				long[] realIds = packing.realIds(input.tokenIds());
				ids.add(realIds);
				long[] rows = packing.packedRows(input.logitRows());
				for (int i = 0; i < rows.length; i++) {
					rows[i] += offset;
				}
				logitRows.add(rows);
				offset += realIds.length;
				NDArray positions = this.uploads.longs(step, input.positions(),
						new Shape(input.batch(), input.length()));
				// mask: [B, 1, 1, T, S + C], broadcast over key/value heads and the query
				// heads sharing each
				NDArray mask = this.uploads.floats(step, input.mask(),
						new Shape(input.batch(), 1, 1, input.length(), input.keyColumns()));
				blocks.add(input, realIds.length, packing, new RotaryEmbedding(this.inverseFrequencies, positions),
						mask, cache);
			}
			// x: [N, H], the real tokens of every block, block after block
			long[] allIds = concat(ids);
			NDArray x = embed(allIds, step);
			try (BlockArguments arguments = blocks.build(this.noTensor)) {
				for (int i = 0; i < this.config.numLayers(); i++) {
					NDArray next = this.layers.layer(x, this.layerArguments.get(i), arguments, i, step);
					x.close();
					x = next;
				}
			}
			long[] allLogitRows = concat(logitRows);
			NDArray logits = lmHead(x, this.uploads.longs(step, allLogitRows, new Shape(allLogitRows.length)));
			logits.attach(out);
			NDScope.unregister(logits);
			return logits;
		}
	}

	private static void checkFits(ForwardInput input, KeyValueStore cache) {
		if (input.sharedColumns() != cache.sharedColumns()) {
			throw new IllegalArgumentException("the input's mask covers " + input.sharedColumns()
					+ " shared columns but the cache holds " + cache.sharedColumns());
		}
		long capacity = cache.keys(0).getShape().get(2);
		if (input.writeColumn() + input.length() > capacity) {
			throw new IllegalStateException("KV cache full: writing columns up to "
					+ (input.writeColumn() + input.length()) + " of " + capacity);
		}
	}

	private static long[] concat(List<long[]> parts) {
		return parts.stream().flatMapToLong(Arrays::stream).toArray();
	}

	/** ids: [N] -> [N, H] F32 */
	private NDArray embed(long[] ids, NDManager step) {
		TokenEmbedding table = this.weights.embedding();
		return this.uploads.floats(step, new Shape(ids.length, table.width()), (rows) -> table.lookup(ids, rows));
	}

	/** x: [N, H] -> selected rows [R, H] -> final norm -> logits [R, vocab] */
	private NDArray lmHead(NDArray x, NDArray rows) {
		NDArray selected = x.get(rows);
		return this.weights.lmHead()
			.apply(this.layers.rmsNorm(selected, this.weights.finalNorm(), this.config.rmsNormEps()));
	}

	@Override
	public void close() {
		this.layerArguments.forEach(LayerArguments::close);
		this.cacheTensors.close();
		this.weights.close();
	}

}
