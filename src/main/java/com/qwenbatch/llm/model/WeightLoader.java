package com.qwenbatch.llm.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Loads a checkpoint's tensors one by one into F32 NDArrays, checking every name and shape against
 * the config. Each tensor is mapped, widened to F32 if stored in 16 bits, copied into libtorch-owned
 * memory and unmapped before the next, so peak memory is the model plus one tensor.
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
		NDArray qkv = stack(tensor(p + "self_attn.q_proj.weight", qOut, h), tensor(p + "self_attn.k_proj.weight", kvOut, h),
				tensor(p + "self_attn.v_proj.weight", kvOut, h));
		NDArray qkvBias = bias ? stack(tensor(p + "self_attn.q_proj.bias", qOut), tensor(p + "self_attn.k_proj.bias", kvOut),
				tensor(p + "self_attn.v_proj.bias", kvOut)) : null;
		NDArray gateUp = stack(tensor(p + "mlp.gate_proj.weight", c.intermediateSize(), h),
				tensor(p + "mlp.up_proj.weight", c.intermediateSize(), h));
		return new LayerWeights(tensor(p + "input_layernorm.weight", h), qkv, qkvBias,
				tensor(p + "self_attn.o_proj.weight", h, qOut),
				qkNorm ? tensor(p + "self_attn.q_norm.weight", c.headDim()) : null,
				qkNorm ? tensor(p + "self_attn.k_norm.weight", c.headDim()) : null,
				tensor(p + "post_attention_layernorm.weight", h), gateUp,
				tensor(p + "mlp.down_proj.weight", h, c.intermediateSize()));
	}

	/** Concatenates along the output axis and frees the parts. */
	private NDArray stack(NDArray... parts) {
		NDArray stacked = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
		stacked.attach(this.manager);
		for (NDArray part : parts) {
			part.close();
		}
		return stacked;
	}

	private NDArray tensor(String name, long... expectedShape) {
		Map<String, TensorInfo> tensors = this.checkpoint.tensors();
		TensorInfo info = tensors.get(name);
		if (info == null) {
			throw new ModelLoadException(this.checkpoint.directory() + ": missing tensor '" + name + "' (config.json says "
					+ this.config.architecture().hfClassName() + " with " + this.config.numLayers() + " layers)");
		}
		if (!java.util.Arrays.equals(info.shape(), expectedShape)) {
			throw new ModelLoadException(info.file() + ": tensor '" + name + "' has shape " + info.shapeText()
					+ " but config.json implies " + java.util.Arrays.toString(expectedShape));
		}
		MappedByteBuffer bytes = SafetensorsFile.map(info);
		ByteBuffer f32 = info.dtype() == TensorDType.F32 ? bytes : widenToF32(bytes, info);
		try (NDManager scratch = this.manager.newSubManager()) {
			// the scratch array shares the buffer's memory; duplicate copies it into libtorch's own
			NDArray owned = scratch.create(f32, new Shape(expectedShape), DataType.FLOAT32).duplicate();
			owned.attach(this.manager);
			owned.setName(name);
			return owned;
		}
		finally {
			SafetensorsFile.release(bytes);
			if (f32 != bytes) {
				SafetensorsFile.release(f32);
			}
		}
	}

	/**
	 * BF16 and F16 are widened to F32 here, exactly, in plain Java: libtorch aborted on a BF16
	 * buffer handed over through DJL, and doing it ourselves keeps one code path for both.
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
