package com.qwenbatch.llm.model;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The Qwen2 / Qwen3 decoder forward pass on NDArrays: embedding, N x (RMSNorm,
 * grouped-query attention with rotary positions, residual, RMSNorm, SwiGLU MLP,
 * residual), final RMSNorm, lm_head. Shapes in comments: B batch rows, T new tokens, C
 * the rows' own key columns, S the key columns shared by all rows (prompt prefixes held
 * once), H hidden, N real (not padding) tokens of the B x T block: everything but
 * attention runs on those only.
 */
public final class QwenModel implements AutoCloseable {

	private final QwenConfig config;

	private final Weights weights;

	private final NDArray inverseFrequencies;

	private final HostUploads uploads = new HostUploads();

	public QwenModel(QwenConfig config, Weights weights) {
		this.config = config;
		this.weights = weights;
		this.inverseFrequencies = RotaryEmbedding.inverseFrequencies(weights.manager(), config.headDim(),
				config.ropeTheta());
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
		try (NDManager step = this.weights.manager().newSubManager(); NDScope scope = new NDScope()) {
			List<Block> blocks = new ArrayList<>();
			List<long[]> ids = new ArrayList<>();
			List<long[]> logitRows = new ArrayList<>();
			long offset = 0;
			for (int g = 0; g < inputs.size(); g++) {
				ForwardInput input = inputs.get(g);
				KeyValueStore cache = caches.get(g);
				if (input.sharedColumns() != cache.sharedColumns()) {
					throw new IllegalArgumentException("the input's mask covers " + input.sharedColumns()
							+ " shared columns but the cache holds " + cache.sharedColumns());
				}
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
				blocks.add(new Block(packing, realIds.length,
						new RotaryEmbedding(this.inverseFrequencies, positions, this.config.headDim()), mask, cache,
						input.writeColumn()));
			}
			// x: [N, H], the real tokens of every block, block after block
			long[] allIds = concat(ids);
			NDArray x = embed(this.uploads.longs(step, allIds, new Shape(allIds.length)));
			for (int i = 0; i < this.config.numLayers(); i++) {
				x = layerInOwnScope(i, x, blocks);
			}
			long[] allLogitRows = concat(logitRows);
			NDArray logits = lmHead(x, this.uploads.longs(step, allLogitRows, new Shape(allLogitRows.length)));
			logits.attach(out);
			NDScope.unregister(logits);
			return logits;
		}
	}

	/**
	 * One block of a forward: where its real tokens sit, their rotary positions, its
	 * mask, its cache and the first cache column it writes.
	 */
	private record Block(Packing packing, long tokens, RotaryEmbedding rope, NDArray mask, KeyValueStore cache,
			int writeColumn) {
	}

	private static long[] concat(List<long[]> parts) {
		return parts.stream().flatMapToLong(java.util.Arrays::stream).toArray();
	}

	/** ids: [N] -> [N, H] */
	private NDArray embed(NDArray ids) {
		return this.weights.embedding().lookup(ids);
	}

	/**
	 * One layer whose intermediates are freed as soon as it returns (held to the end of
	 * the forward, a 16 x 60-token prefill kept ~4 GB of them alive); its input is freed
	 * too.
	 */
	private NDArray layerInOwnScope(int index, NDArray x, List<Block> blocks) {
		NDArray out;
		try (NDScope layer = new NDScope()) {
			out = decoderLayer(index, x, blocks);
			NDScope.unregister(out);
		}
		x.close();
		NDScope.register(out);
		return out;
	}

	/** x: [N, H] -> [N, H] */
	private NDArray decoderLayer(int index, NDArray x, List<Block> blocks) {
		LayerWeights w = this.weights.layers().get(index);
		NDArray attended = attention(index, w, rmsNorm(x, w.inputNorm()), blocks);
		NDArray h = x.add(attended);
		return h.add(mlp(w, rmsNorm(h, w.postAttentionNorm())));
	}

	/**
	 * x: [N, H] -> [N, H]: one projection for [q; k; v] and one for the output over all
	 * blocks' tokens, attention itself per block on its [B, T] grid
	 */
	private NDArray attention(int layer, LayerWeights w, NDArray x, List<Block> blocks) {
		NDArray qkv = w.qkvProj().apply(x);
		NDList perBlock = blocks.size() == 1 ? new NDList(qkv) : qkv.split(blockStarts(blocks), 0);
		NDList merged = new NDList();
		for (int g = 0; g < blocks.size(); g++) {
			merged.add(attention(layer, w, perBlock.get(g), blocks.get(g)));
		}
		return w.oProj().apply(merged.size() == 1 ? merged.get(0) : NDArrays.concat(merged, 0));
	}

	private static long[] blockStarts(List<Block> blocks) {
		long[] starts = new long[blocks.size() - 1];
		long start = 0;
		for (int g = 0; g < starts.length; g++) {
			start += blocks.get(g).tokens();
			starts[g] = start;
		}
		return starts;
	}

	/**
	 * One block's attention: its packed [q; k; v] [N, qkv] -> its heads' outputs merged,
	 * packed [N, heads * headDim]
	 */
	private NDArray attention(int layer, LayerWeights w, NDArray qkvPacked, Block block) {
		QwenConfig c = this.config;
		NDArray mask = block.mask();
		KeyValueStore cache = block.cache();
		long batch = mask.getShape().get(0);
		long length = mask.getShape().get(3);
		int headDim = c.headDim();
		// split: q: [B, T, heads, headDim]; k, v: [B, T, kvHeads, headDim]
		long qWidth = (long) c.numHeads() * headDim;
		long kvWidth = (long) c.numKeyValueHeads() * headDim;
		NDList qkv = block.packing().toGrid(qkvPacked).split(new long[] { qWidth, qWidth + kvWidth }, 2);
		NDArray q = qkv.get(0).reshape(batch, length, c.numHeads(), headDim);
		NDArray k = qkv.get(1).reshape(batch, length, c.numKeyValueHeads(), headDim);
		NDArray v = qkv.get(2).reshape(batch, length, c.numKeyValueHeads(), headDim);
		if (c.hasQkNorm()) {
			q = rmsNorm(q, w.qNorm());
			k = rmsNorm(k, w.kNorm());
		}
		// -> [B, heads, T, headDim], rotated by position
		q = block.rope().apply(q.transpose(0, 2, 1, 3));
		k = block.rope().apply(k.transpose(0, 2, 1, 3));
		v = v.transpose(0, 2, 1, 3);
		int writeColumn = block.writeColumn();
		cache.write(layer, writeColumn, k, v);
		int columns = writeColumn + (int) length;
		// the rows' own keys, values: [B, kvHeads, 1, C, headDim]; queries grouped: [B,
		// kvHeads, group, T, headDim]
		NDArray keys = cache.keys(layer, columns).expandDims(2);
		NDArray values = cache.values(layer, columns).expandDims(2);
		NDArray grouped = q.reshape(batch, c.numKeyValueHeads(), c.groupSize(), length, headDim);
		// scores: [B, kvHeads, group, T, S + C], the shared columns first
		int shared = cache.sharedColumns();
		NDArray scores = grouped.matMul(keys.transpose(0, 1, 2, 4, 3));
		if (shared > 0) {
			scores = SharedColumns.scores(grouped, cache.sharedKeys(layer)).concat(scores, -1);
		}
		NDArray weights = scores.mul(1.0 / Math.sqrt(headDim)).add(mask).softmax(-1);
		NDArray context; // [B, kvHeads, group, T, headDim]
		if (shared > 0) {
			context = SharedColumns.context(weights.get("..., :{}", shared), cache.sharedValues(layer))
				.add(weights.get("..., {}:", shared).matMul(values));
		}
		else {
			context = weights.matMul(values);
		}
		NDArray merged = context.reshape(batch, c.numHeads(), length, headDim)
			.transpose(0, 2, 1, 3)
			.reshape(batch, length, (long) c.numHeads() * headDim);
		return block.packing().toPacked(merged);
	}

	/**
	 * SwiGLU: down(silu(gate(x)) * up(x)), gate and up from one projection. x: [N, H] ->
	 * [N, H]
	 */
	private NDArray mlp(LayerWeights w, NDArray x) {
		NDList gateUp = w.gateUpProj().apply(x).split(2, 1);
		NDArray gate = gateUp.get(0);
		return w.downProj().apply(gate.mul(Activation.sigmoid(gate)).mul(gateUp.get(1)));
	}

	/** x: [N, H] -> selected rows [R, H] -> final norm -> logits [R, vocab] */
	private NDArray lmHead(NDArray x, NDArray rows) {
		NDArray selected = x.get(rows);
		NDArray logits = this.weights.lmHead().apply(rmsNorm(selected, this.weights.finalNorm()));
		// an F32 W x^T leaves a transposed view; reading it back would make a contiguous
		// copy that lives as long as the caller's manager (a whole generation): make it
		// here, inside this step
		return logits.reshape(-1).reshape(logits.getShape());
	}

	/** RMSNorm over the last axis: x / sqrt(mean(x^2) + eps) * weight */
	private NDArray rmsNorm(NDArray x, NDArray weight) {
		NDArray meanSquare = x.square().mean(new int[] { -1 }, true);
		return x.div(meanSquare.add(this.config.rmsNormEps()).sqrt()).mul(weight);
	}

	@Override
	public void close() {
		this.weights.close();
	}

}
