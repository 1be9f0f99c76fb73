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
 * Loads a checkpoint's tensors one by one into F32 NDArrays, checking every name and
 * shape against the config. Each tensor is mapped, widened to F32 if stored in 16 bits,
 * copied into libtorch-owned memory and unmapped before the next, so peak memory is the
 * model plus one tensor.
 */
public final class WeightLoader {

	private final CheckpointFiles checkpoint;

	private final QwenConfig config;

	private final NDManager manager;

	private WeightLoader(CheckpointFiles checkpoint, NDManager manager) {
		this.checkpoint = checkpoint;
		this.config = checkpoint.config();
		this.manager = manager;
	}

	public static Weights load(CheckpointFiles checkpoint, NDManager manager) {
		return new WeightLoader(checkpoint, manager).load();
	}

	private Weights load() {
		QwenConfig c = this.config;
		NDArray embedding = tensor("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize());
		List<LayerWeights> layers = new ArrayList<>();
		for (int i = 0; i < c.numLayers(); i++) {
			layers.add(layer("model.layers." + i + "."));
		}
		NDArray finalNorm = tensor("model.norm.weight", c.hiddenSize());
		boolean hasLmHead = this.checkpoint.tensors().containsKey("lm_head.weight");
		NDArray lmHead = (c.tieWordEmbeddings() || !hasLmHead) ? embedding
				: tensor("lm_head.weight", c.vocabSize(), c.hiddenSize());
		if (!c.tieWordEmbeddings() && !hasLmHead) {
			throw new ModelLoadException(this.checkpoint.directory() + ": config.json says tie_word_embeddings=false"
					+ " but there is no tensor 'lm_head.weight'");
		}
		return new Weights(embedding, List.copyOf(layers), finalNorm, lmHead, this.manager);
	}

	private LayerWeights layer(String p) {
		QwenConfig c = this.config;
		int h = c.hiddenSize();
		int qOut = c.numHeads() * c.headDim();
		int kvOut = c.numKeyValueHeads() * c.headDim();
		boolean bias = c.attentionBias();
		boolean qkNorm = c.hasQkNorm();
		NDArray qkv = stacked(part(p + "self_attn.q_proj.weight", qOut, h),
				part(p + "self_attn.k_proj.weight", kvOut, h), part(p + "self_attn.v_proj.weight", kvOut, h));
		NDArray qkvBias = bias ? stacked(part(p + "self_attn.q_proj.bias", qOut),
				part(p + "self_attn.k_proj.bias", kvOut), part(p + "self_attn.v_proj.bias", kvOut)) : null;
		NDArray gateUp = stacked(part(p + "mlp.gate_proj.weight", c.intermediateSize(), h),
				part(p + "mlp.up_proj.weight", c.intermediateSize(), h));
		return new LayerWeights(tensor(p + "input_layernorm.weight", h), qkv, qkvBias,
				tensor(p + "self_attn.o_proj.weight", h, qOut),
				qkNorm ? tensor(p + "self_attn.q_norm.weight", c.headDim()) : null,
				qkNorm ? tensor(p + "self_attn.k_norm.weight", c.headDim()) : null,
				tensor(p + "post_attention_layernorm.weight", h), gateUp,
				tensor(p + "mlp.down_proj.weight", h, c.intermediateSize()));
	}

	private NDArray tensor(String name, long... expectedShape) {
		return stacked(part(name, expectedShape));
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
	 * F32 tensor allocated once: each part is copied straight from its mapping into
	 * place. (Loading each part and concatenating freed ~35 MB of copies per layer, and
	 * glibc kept ~480 MB of such freed blocks resident after loading.)
	 */
	private NDArray stacked(TensorInfo... parts) {
		long[] shape = parts[0].shape().clone();
		shape[0] = Arrays.stream(parts).mapToLong((t) -> t.shape()[0]).sum();
		NDArray out = this.manager.create(new Shape(shape), DataType.FLOAT32);
		out.setName(parts[0].name());
		long row = 0;
		for (TensorInfo info : parts) {
			MappedByteBuffer bytes = SafetensorsFile.map(info);
			ByteBuffer f32 = info.dtype() == TensorDType.F32 ? bytes : widenToF32(bytes, info);
			try (NDManager scratch = this.manager.newSubManager()) {
				// a view of the mapped (or widened) bytes; set copies them into the
				// tensor's own memory
				NDArray view = scratch.create(f32, new Shape(info.shape()), DataType.FLOAT32);
				out.set(new NDIndex("{}:{}", row, row + info.shape()[0]), view);
			}
			finally {
				SafetensorsFile.release(bytes);
				if (f32 != bytes) {
					SafetensorsFile.release(f32);
				}
			}
			row += info.shape()[0];
		}
		return out;
	}

	/**
	 * BF16 and F16 are widened to F32 here, exactly, in plain Java: libtorch aborted on a
	 * BF16 buffer handed over through DJL, and doing it ourselves keeps one code path for
	 * both.
	 */
	private static ByteBuffer widenToF32(ByteBuffer source, TensorInfo info) {
		int count = Math.toIntExact(info.elementCount());
		ByteBuffer out = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
		java.nio.ShortBuffer in = source.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
		java.nio.FloatBuffer floats = out.asFloatBuffer();
		for (int i = 0; i < count; i++) {
			floats.put(info.dtype().widen(in.get(i)));
		}
		return out;
	}

}
