package com.qwenbatch.llm.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
 * config. Projection weights, lm_head's too, are held in the requested
 * {@link WeightFormat}, reordered for oneDNN; norms and biases in F32; the token
 * embedding is looked up in the checkpoint itself ({@link TokenEmbedding}). Each tensor
 * is read and copied into libtorch-owned memory in blocks of at most 16 MB (16-bit values
 * widened to F32 in plain Java, then narrowed to BF16 by libtorch where asked), so peak
 * memory is the model plus one block: a BF16 checkpoint loaded as BF16 is never held in
 * F32.
 */
public final class WeightLoader {

	private static final long BLOCK_BYTES = 16L << 20;

	private final CheckpointFiles checkpoint;

	private final QwenConfig config;

	private final NDManager manager;

	private final WeightFormat format;

	private final Bf16Ops ops;

	private final DecoderLayerScript layerScript;

	private final ByteBuffer raw = ByteBuffer.allocateDirect((int) BLOCK_BYTES);

	private final ByteBuffer widened = ByteBuffer.allocateDirect((int) BLOCK_BYTES).order(ByteOrder.nativeOrder());

	private WeightLoader(CheckpointFiles checkpoint, NDManager manager, WeightFormat format) {
		this.checkpoint = checkpoint;
		this.config = checkpoint.config();
		this.manager = manager;
		this.format = format;
		this.ops = (format == WeightFormat.BF16) ? Bf16Ops.load(manager) : null;
		this.layerScript = DecoderLayerScript.load(manager);
	}

	public static Weights load(CheckpointFiles checkpoint, NDManager manager, WeightFormat format) {
		WeightLoader loader = new WeightLoader(checkpoint, manager, format);
		try {
			return loader.load();
		}
		catch (RuntimeException ex) {
			loader.layerScript.close();
			throw ex;
		}
		finally {
			// only loading makes and fills BF16 tensors; what it made stays in the
			// manager
			if (loader.ops != null) {
				loader.ops.close();
			}
			SafetensorsFile.release(loader.raw);
			SafetensorsFile.release(loader.widened);
		}
	}

	private Weights load() {
		QwenConfig c = this.config;
		TensorInfo embedding = part("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize());
		boolean hasLmHead = this.checkpoint.tensors().containsKey("lm_head.weight");
		if (!c.tieWordEmbeddings() && !hasLmHead) {
			throw new ModelLoadException(this.checkpoint.directory() + ": config.json says tie_word_embeddings=false"
					+ " but there is no tensor 'lm_head.weight'");
		}
		// lm_head first: reordering it holds a second copy of its largest matrix for a
		// moment, which then adds to nothing else
		TensorInfo lmHeadWeight = c.tieWordEmbeddings() ? embedding
				: part("lm_head.weight", c.vocabSize(), c.hiddenSize());
		Projection lmHead = new ScriptProjection(this.layerScript, layerMatrix(lmHeadWeight));
		List<LayerWeights> layers = new ArrayList<>();
		for (int i = 0; i < c.numLayers(); i++) {
			layers.add(layer("model.layers." + i + "."));
		}
		NDArray finalNorm = tensor("model.norm.weight", c.hiddenSize());
		return new Weights(TokenEmbedding.open(embedding), List.copyOf(layers), finalNorm, lmHead, this.format,
				this.manager, this.layerScript);
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
	 * A projection matrix (a layer's, or lm_head) as the layer script takes it: reordered
	 * once into oneDNN's blocked layout, F32 or BF16, the plain copy freed at once, so
	 * loading holds one extra matrix at most.
	 */
	private NDArray layerMatrix(TensorInfo... parts) {
		NDArray plain = weight(parts);
		try (plain) {
			return this.layerScript.pack(plain);
		}
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
	 * a time, each block read from the file into one reused buffer. (Mapping the whole
	 * tensor, as this did, kept its pages resident until it was copied: a 622 MB F32
	 * table raised the peak memory of a BF16 model loaded from it by that much.)
	 */
	private void copyInto(NDArray out, long row, TensorInfo info, WeightFormat as) {
		long[] shape = info.shape();
		long rowElements = info.elementCount() / shape[0];
		long blockRows = Math.max(1, BLOCK_BYTES / (rowElements * 4));
		int sourceBytes = info.dtype().bytes();
		try (FileChannel file = FileChannel.open(info.file(), StandardOpenOption.READ)) {
			for (long first = 0; first < shape[0]; first += blockRows) {
				long rows = Math.min(blockRows, shape[0] - first);
				int count = Math.toIntExact(rows * rowElements);
				ByteBuffer block = read(file, info.start() + first * rowElements * sourceBytes, count * sourceBytes);
				ByteBuffer f32 = (info.dtype() == TensorDType.F32) ? block.order(ByteOrder.nativeOrder())
						: widenToF32(block, info.dtype(), count);
				long[] blockShape = shape.clone();
				blockShape[0] = rows;
				try (NDManager scratch = this.manager.newSubManager()) {
					// a view of the read (or widened) bytes; both ways of putting it
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
		catch (IOException ex) {
			throw new ModelLoadException(info.file() + ": cannot read tensor '" + info.name() + "': " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * {@code length} bytes of {@code file} from {@code position}, in the reused buffer.
	 */
	private ByteBuffer read(FileChannel file, long position, int length) throws IOException {
		this.raw.clear().limit(length);
		SafetensorsFile.readFully(file, this.raw, position);
		return this.raw.flip();
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
