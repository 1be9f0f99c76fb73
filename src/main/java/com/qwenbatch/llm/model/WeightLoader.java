package com.qwenbatch.llm.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Loads a checkpoint's tensors one by one, checking every name and shape against the
 * config. Projection weights and the embedding are held in the requested
 * {@link WeightFormat}; norms and biases in F32. Each tensor is mapped and copied into
 * libtorch-owned memory in blocks of at most 16 MB (16-bit values widened to F32 in plain
 * Java, then narrowed to BF16 by libtorch where asked), so peak memory is the model plus
 * one block: a BF16 checkpoint loaded as BF16 is never held in F32.
 */
public final class WeightLoader {

	private static final long BLOCK_BYTES = 16L << 20;

	private final CheckpointFiles checkpoint;

	private final QwenConfig config;

	private final NDManager manager;

	private final WeightFormat format;

	private final Bf16Ops ops;

	private final DecoderLayerScript layerScript;

	private final ByteBuffer widened = ByteBuffer.allocateDirect((int) BLOCK_BYTES).order(ByteOrder.nativeOrder());

	private WeightLoader(CheckpointFiles checkpoint, NDManager manager, WeightFormat format) {
		this.checkpoint = checkpoint;
		this.config = checkpoint.config();
		this.manager = manager;
		this.format = format;
		this.ops = (format == WeightFormat.BF16 || lookupInBf16()) ? Bf16Ops.load(manager) : null;
		this.layerScript = DecoderLayerScript.load(manager, format);
	}

	public static Weights load(CheckpointFiles checkpoint, NDManager manager, WeightFormat format) {
		WeightLoader loader = new WeightLoader(checkpoint, manager, format);
		try {
			return loader.load();
		}
		catch (RuntimeException ex) {
			if (loader.ops != null) {
				loader.ops.close();
			}
			loader.layerScript.close();
			throw ex;
		}
		finally {
			SafetensorsFile.release(loader.widened);
		}
	}

	private Weights load() {
		QwenConfig c = this.config;
		TensorInfo embedding = part("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize());
		List<LayerWeights> layers = new ArrayList<>();
		for (int i = 0; i < c.numLayers(); i++) {
			layers.add(layer("model.layers." + i + "."));
		}
		NDArray finalNorm = tensor("model.norm.weight", c.hiddenSize());
		boolean hasLmHead = this.checkpoint.tensors().containsKey("lm_head.weight");
		if (!c.tieWordEmbeddings() && !hasLmHead) {
			throw new ModelLoadException(this.checkpoint.directory() + ": config.json says tie_word_embeddings=false"
					+ " but there is no tensor 'lm_head.weight'");
		}
		NDArray table;
		Projection lmHead;
		if (lookupInBf16()) {
			try (NDArray plain = weight(embedding)) {
				lmHead = new ScriptProjection(this.layerScript, this.layerScript.pack(plain));
			}
			table = stacked(WeightFormat.BF16, embedding);
		}
		else {
			table = weight(embedding);
			lmHead = lmHead(table, c.tieWordEmbeddings());
		}
		return new Weights(new TokenEmbedding(table, this.ops), List.copyOf(layers), finalNorm, lmHead, this.format,
				this.manager, this.ops, this.layerScript);
	}

	private LayerWeights layer(String p) {
		QwenConfig c = this.config;
		int h = c.hiddenSize();
		int qOut = c.numHeads() * c.headDim();
		int kvOut = c.numKeyValueHeads() * c.headDim();
		boolean qkNorm = c.hasQkNorm();
		NDArray qkv = layerMatrix(part(p + "self_attn.q_proj.weight", qOut, h),
				part(p + "self_attn.k_proj.weight", kvOut, h), part(p + "self_attn.v_proj.weight", kvOut, h));
		NDArray qkvBias = c.attentionBias() ? stacked(WeightFormat.F32, part(p + "self_attn.q_proj.bias", qOut),
				part(p + "self_attn.k_proj.bias", kvOut), part(p + "self_attn.v_proj.bias", kvOut)) : null;
		NDArray gateUp = layerMatrix(part(p + "mlp.gate_proj.weight", c.intermediateSize(), h),
				part(p + "mlp.up_proj.weight", c.intermediateSize(), h));
		return new LayerWeights(tensor(p + "input_layernorm.weight", h), qkv, qkvBias,
				layerMatrix(part(p + "self_attn.o_proj.weight", h, qOut)),
				qkNorm ? tensor(p + "self_attn.q_norm.weight", c.headDim()) : null,
				qkNorm ? tensor(p + "self_attn.k_norm.weight", c.headDim()) : null,
				tensor(p + "post_attention_layernorm.weight", h), gateUp,
				layerMatrix(part(p + "mlp.down_proj.weight", h, c.intermediateSize())));
	}

	/**
	 * A decoder layer's matrix as its script takes it: F32 reordered once for oneDNN (the
	 * plain copy freed at once, so loading holds one extra matrix at most), BF16 as it
	 * is.
	 */
	private NDArray layerMatrix(TensorInfo... parts) {
		NDArray plain = weight(parts);
		if (this.format == WeightFormat.BF16) {
			return plain;
		}
		try (plain) {
			return this.layerScript.pack(plain);
		}
	}

	/**
	 * F32 weights, a tied table and BF16 on disk: lm_head gets its reordered F32 copy and
	 * the lookup keeps the checkpoint's own BF16 values (widened back exactly when rows
	 * are looked up), half the memory of a second F32 table.
	 */
	private boolean lookupInBf16() {
		TensorInfo embedding = this.checkpoint.tensors().get("model.embed_tokens.weight");
		return this.format == WeightFormat.F32 && this.config.tieWordEmbeddings() && embedding != null
				&& embedding.dtype() == TensorDType.BF16;
	}

	/**
	 * lm_head as the layers' matrices are held: BF16 as it is, F32 reordered for oneDNN
	 * (2-4 times faster at 8-64 rows than libtorch's own F32 GEMM); a tied F32 table is
	 * kept as well for the embedding lookup, which costs a second copy of it.
	 */
	private Projection lmHead(NDArray table, boolean tied) {
		NDArray matrix;
		if (!tied) {
			matrix = layerMatrix(part("lm_head.weight", this.config.vocabSize(), this.config.hiddenSize()));
		}
		else {
			matrix = (this.format == WeightFormat.BF16) ? table : this.layerScript.pack(table);
		}
		return new ScriptProjection(this.layerScript, matrix);
	}

	/** A weight matrix, in the requested format. */
	private NDArray weight(TensorInfo... parts) {
		return stacked(this.format, parts);
	}

	/** A norm weight, always F32. */
	private NDArray tensor(String name, long... expectedShape) {
		return stacked(WeightFormat.F32, part(name, expectedShape));
	}

	/** A checkpoint tensor, checked against the shape the config implies. */
	private TensorInfo part(String name, long... expectedShape) {
		TensorInfo info = this.checkpoint.tensors().get(name);
		if (info == null) {
			throw new ModelLoadException(this.checkpoint.directory() + ": missing tensor '" + name
					+ "' (config.json says " + this.config.architecture().hfClassName() + " with "
					+ this.config.numLayers() + " layers)");
		}
		if (!Arrays.equals(info.shape(), expectedShape)) {
			throw new ModelLoadException(info.file() + ": tensor '" + name + "' has shape " + info.shapeText()
					+ " but config.json implies " + Arrays.toString(expectedShape));
		}
		return info;
	}

	/**
	 * The parts one after another along the output axis (fused q/k/v, gate/up), in one
	 * tensor allocated once: each part is copied from its mapping into place block by
	 * block. (Loading each part and concatenating freed ~35 MB of copies per layer, and
	 * glibc kept ~480 MB of such freed blocks resident after loading.)
	 */
	private NDArray stacked(WeightFormat as, TensorInfo... parts) {
		long[] shape = parts[0].shape().clone();
		shape[0] = Arrays.stream(parts).mapToLong((t) -> t.shape()[0]).sum();
		NDArray out = (as == WeightFormat.BF16) ? this.ops.empty(this.manager, shape[0], shape[1])
				: this.manager.create(new Shape(shape), DataType.FLOAT32);
		out.setName(parts[0].name());
		long row = 0;
		for (TensorInfo info : parts) {
			copyInto(out, row, info, as);
			row += info.shape()[0];
		}
		return out;
	}

	/**
	 * Copies {@code info} into {@code out[row:]}, at most {@link #BLOCK_BYTES} of F32 at
	 * a time.
	 */
	private void copyInto(NDArray out, long row, TensorInfo info, WeightFormat as) {
		long[] shape = info.shape();
		long rowElements = info.elementCount() / shape[0];
		long blockRows = Math.max(1, BLOCK_BYTES / (rowElements * 4));
		int sourceBytes = info.dtype().bytes();
		MappedByteBuffer bytes = SafetensorsFile.map(info);
		try {
			for (long first = 0; first < shape[0]; first += blockRows) {
				long rows = Math.min(blockRows, shape[0] - first);
				int count = Math.toIntExact(rows * rowElements);
				ByteBuffer block = bytes.slice(Math.toIntExact(first * rowElements * sourceBytes), count * sourceBytes);
				ByteBuffer f32 = (info.dtype() == TensorDType.F32) ? block.order(ByteOrder.nativeOrder())
						: widenToF32(block, info.dtype(), count);
				long[] blockShape = shape.clone();
				blockShape[0] = rows;
				try (NDManager scratch = this.manager.newSubManager()) {
					// a view of the mapped (or widened) bytes; both ways of putting it
					// copy them into the tensor's own memory
					NDArray view = scratch.create(f32, new Shape(blockShape), DataType.FLOAT32);
					if (as == WeightFormat.BF16) {
						this.ops.putRows(out, row + first, view);
					}
					else {
						out.set(new NDIndex("{}:{}", row + first, row + first + rows), view);
					}
				}
			}
		}
		finally {
			SafetensorsFile.release(bytes);
		}
	}

	/**
	 * BF16 and F16 are widened to F32 here, exactly, in plain Java: libtorch aborted on a
	 * BF16 buffer handed over through DJL, and doing it ourselves keeps one code path for
	 * both.
	 */
	private ByteBuffer widenToF32(ByteBuffer source, TensorDType dtype, int count) {
		this.widened.clear();
		java.nio.ShortBuffer in = source.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
		java.nio.FloatBuffer floats = this.widened.asFloatBuffer();
		for (int i = 0; i < count; i++) {
			floats.put(dtype.widen(in.get(i)));
		}
		return this.widened.duplicate().order(ByteOrder.nativeOrder()).limit(count * 4);
	}

}
