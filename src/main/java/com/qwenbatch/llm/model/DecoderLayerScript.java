package com.qwenbatch.llm.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;

/**
 * One decoder layer as a single call into libtorch: a TorchScript module written by
 * {@link TorchScriptArchive} whose {@code layer} method runs RMSNorm, grouped-query
 * attention with rotary positions (writing the new keys and values into the cache), the
 * residual, RMSNorm, the SwiGLU MLP and the residual. Made of many small DJL calls, a
 * decode step crossed into libtorch about sixty times a layer; here once.
 *
 * <p>
 * Shapes: N real tokens of all blocks, H hidden; per block B rows, T tokens, C the rows'
 * own key columns, S the columns shared by all rows. Optional tensors travel as lists of
 * zero or one (DJL cannot pass None); a block without padding or without shared columns
 * gets an empty tensor there. Matrices are reordered once at load ({@link #pack}) into
 * oneDNN's blocked layout and multiplied by oneDNN, F32 by F32, or BF16 with x rounded to
 * BF16 and the product widened back to F32 (AVX512-BF16 or AMX kernels). Keys and values
 * are stored in the cache's own type and widened to F32 for the attention arithmetic.
 */
final class DecoderLayerScript implements AutoCloseable {

	/**
	 * x·Wᵀ (+ b) through oneDNN on W as {@link #pack} left it: x is cast to W's type
	 * (F32: unchanged; BF16: rounded) and the product comes back in F32.
	 */
	private static final String PROJECT = """
			  def project(self: __torch__.Ops, x: Tensor, w: Tensor, bias: List[Tensor]) -> Tensor:
			    y = ops.mkldnn._linear_pointwise(x.to(w.dtype).contiguous(), w, None, "none", [], "").to(6)
			    if len(bias) > 0:
			      y = y + bias[0]
			    return y
			  def pack(self: __torch__.Ops, w: Tensor) -> Tensor:
			    return ops.mkldnn._reorder_linear_weight(w, None)
			""";

	/**
	 * The layer. weights: [input norm, qkv, o, post-attention norm, gate/up, down]; dims:
	 * [heads, kvHeads, headDim]; shapes: per block [B, T, its real tokens, first column
	 * it writes]; x: [N, H] -> [N, H].
	 */
	private static final String LAYER = """
			  def layer(self: __torch__.Ops, x: Tensor, weights: List[Tensor], qkv_bias: List[Tensor],
			      q_norm: List[Tensor], k_norm: List[Tensor], dims: List[int], eps: float, shapes: List[int],
			      to_grid: List[Tensor], to_packed: List[Tensor], cos: List[Tensor], sin: List[Tensor],
			      masks: List[Tensor], keys: List[Tensor], values: List[Tensor],
			      shared_keys: List[Tensor], shared_values: List[Tensor]) -> Tensor:
			    qkv = self.project(self.rms_norm(x, weights[0], eps), weights[1], qkv_bias)
			    attended: List[Tensor] = []
			    start = 0
			    for g in range(len(masks)):
			      shape = shapes[4 * g:4 * g + 4]
			      end = start + shape[2]
			      attended.append(self.attend(qkv[start:end], shape, to_grid[g], to_packed[g], cos[g], sin[g],
			          masks[g], keys[g], values[g], shared_keys[g], shared_values[g], q_norm, k_norm, dims, eps))
			      start = end
			    h = x + self.project(torch.cat(attended, 0), weights[2], [])
			    gate_up = torch.chunk(self.project(self.rms_norm(h, weights[3], eps), weights[4], []), 2, -1)
			    return h + self.project(torch.silu(gate_up[0]) * gate_up[1], weights[5], [])
			  def attend(self: __torch__.Ops, qkv: Tensor, shape: List[int], to_grid: Tensor, to_packed: Tensor,
			      cos: Tensor, sin: Tensor, mask: Tensor, keys: Tensor, values: Tensor,
			      shared_keys: Tensor, shared_values: Tensor, q_norm: List[Tensor], k_norm: List[Tensor],
			      dims: List[int], eps: float) -> Tensor:
			    batch = shape[0]
			    length = shape[1]
			    column = shape[3]
			    heads = dims[0]
			    kv_heads = dims[1]
			    head_dim = dims[2]
			    width = qkv.size(1)
			    if to_grid.numel() > 0:
			      qkv = torch.index_select(torch.cat([qkv, torch.zeros([1, width], dtype=qkv.dtype)], 0), 0, to_grid)
			    grid = qkv.reshape([batch, length, width])
			    q_end = heads * head_dim
			    k_end = q_end + kv_heads * head_dim
			    q = grid[:, :, :q_end].reshape([batch, length, heads, head_dim])
			    k = grid[:, :, q_end:k_end].reshape([batch, length, kv_heads, head_dim])
			    v = grid[:, :, k_end:].reshape([batch, length, kv_heads, head_dim])
			    if len(q_norm) > 0:
			      q = self.rms_norm(q, q_norm[0], eps)
			      k = self.rms_norm(k, k_norm[0], eps)
			    q = self.rotate(q.transpose(1, 2), cos, sin)
			    k = self.rotate(k.transpose(1, 2), cos, sin)
			    end = column + length
			    keys[:, :, column:end].copy_(k)
			    values[:, :, column:end].copy_(v.transpose(1, 2))
			    own_keys = keys[:, :, :end].to(6).unsqueeze(2)
			    own_values = values[:, :, :end].to(6).unsqueeze(2)
			    grouped = q.reshape([batch, kv_heads, heads // kv_heads, length, head_dim])
			    scale = 1.0 / float(head_dim) ** 0.5
			    scores = torch.matmul(grouped, own_keys.transpose(3, 4))
			    if shared_keys.numel() > 0:
			      shared = shared_keys.size(2)
			      shared_scores = torch.matmul(self.head_rows(grouped), shared_keys[0].to(6).transpose(1, 2))
			      scores = torch.cat([self.from_head_rows(shared_scores, grouped), scores], -1)
			      weights = torch.softmax(scores * scale + mask, -1)
			      shared_context = torch.matmul(self.head_rows(weights[..., :shared]), shared_values[0].to(6))
			      context = self.from_head_rows(shared_context, grouped) + torch.matmul(weights[..., shared:], own_values)
			    else:
			      context = torch.matmul(torch.softmax(scores * scale + mask, -1), own_values)
			    merged = context.reshape([batch, heads, length, head_dim]).transpose(1, 2).reshape([batch * length, heads * head_dim])
			    if to_packed.numel() > 0:
			      merged = torch.index_select(merged, 0, to_packed)
			    return merged
			  def rms_norm(self: __torch__.Ops, x: Tensor, weight: Tensor, eps: float) -> Tensor:
			    return x / torch.sqrt(torch.mean(x * x, [-1], True) + eps) * weight
			  def rotate(self: __torch__.Ops, x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
			    half = x.size(-1) // 2
			    rotated = torch.cat([torch.neg(x[..., half:]), x[..., :half]], -1)
			    return x * cos + rotated * sin
			  def head_rows(self: __torch__.Ops, a: Tensor) -> Tensor:
			    return a.permute([1, 0, 2, 3, 4]).reshape([a.size(1), -1, a.size(4)])
			  def from_head_rows(self: __torch__.Ops, a: Tensor, like: Tensor) -> Tensor:
			    return a.reshape([like.size(1), like.size(0), like.size(2), like.size(3), a.size(2)]).permute([1, 0, 2, 3, 4])
			""";

	private final PtSymbolBlock module;

	private DecoderLayerScript(PtSymbolBlock module) {
		this.module = module;
	}

	/** The module, for weights held in either {@link WeightFormat}. */
	static DecoderLayerScript load(NDManager manager) {
		return new DecoderLayerScript(TorchScriptArchive.load(manager, PROJECT + LAYER));
	}

	/**
	 * Layer {@code index} on x [N, H] for the blocks of one forward; the result [N, H] in
	 * {@code out}.
	 */
	NDArray layer(NDArray x, LayerArguments weights, BlockArguments blocks, int index, NDManager out) {
		try (IValue input = IValue.from((PtNDArray) x);
				IValue keys = IValue.listFrom(blocks.tensors(index, KeyValueStore::keys));
				IValue values = IValue.listFrom(blocks.tensors(index, KeyValueStore::values));
				IValue sharedKeys = IValue.listFrom(blocks.sharedTensors(index, KeyValueStore::sharedKeys));
				IValue sharedValues = IValue.listFrom(blocks.sharedTensors(index, KeyValueStore::sharedValues))) {
			return run("layer", out, input, weights.weights, weights.qkvBias, weights.qNorm, weights.kNorm,
					weights.dims, weights.eps, blocks.shapes, blocks.toGrid, blocks.toPacked, blocks.cos, blocks.sin,
					blocks.masks, keys, values, sharedKeys, sharedValues);
		}
	}

	/**
	 * An [out, in] matrix (F32 or BF16) reordered into oneDNN's blocked layout, done once
	 * at load: libtorch's own GEMM copied (packed) every weight matrix anew on every
	 * call, a quarter of an F32 decode step; in BF16 the packed matrices multiplied 32
	 * rows 1.65× faster. The result is only for {@code project}.
	 */
	NDArray pack(NDArray weight) {
		try (IValue w = IValue.from((PtNDArray) weight)) {
			return run("pack", weight.getManager(), w);
		}
	}

	/**
	 * x [R, in] F32 · Wᵀ (+ b) -> [R, out] F32, W [out, in] reordered by {@link #pack};
	 * {@code bias} F32 [out] or null.
	 */
	NDArray project(NDArray x, NDArray weight, NDArray bias) {
		PtNDArray[] optionalBias = (bias != null) ? new PtNDArray[] { (PtNDArray) bias } : new PtNDArray[0];
		try (IValue input = IValue.from((PtNDArray) x);
				IValue w = IValue.from((PtNDArray) weight);
				IValue b = IValue.listFrom(optionalBias)) {
			return run("project", x.getManager(), input, w, b);
		}
	}

	/** RMSNorm over the last axis, the layer's own: x / sqrt(mean(x²) + eps) · weight */
	NDArray rmsNorm(NDArray x, NDArray weight, double eps) {
		try (IValue input = IValue.from((PtNDArray) x);
				IValue w = IValue.from((PtNDArray) weight);
				IValue e = IValue.from(eps)) {
			return run("rms_norm", x.getManager(), input, w, e);
		}
	}

	private NDArray run(String method, NDManager out, IValue... arguments) {
		try (IValue result = IValueUtils.runMethod(this.module, method, arguments)) {
			return result.toTensor((PtNDManager) out);
		}
	}

	@Override
	public void close() {
		this.module.close();
	}

}
