package com.qwenbatch.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.llm.model.CheckpointFiles;
import com.qwenbatch.llm.model.QwenConfig;
import com.qwenbatch.llm.model.SafetensorsWriter;
import com.qwenbatch.llm.model.TensorDType;
import com.qwenbatch.llm.tokenizer.VendoredTokenizer;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a random-weight checkpoint in the Hugging Face layout, with the vendored Qwen
 * tokenizer: what tests, benchmarks and {@code --model demo} run on, since real weights
 * cannot be fetched here. Weights are uniform with a per-tensor scale that keeps
 * activations near unit size, so logits are spread out and greedy choices are decisive.
 */
public final class RandomCheckpoint {

	/**
	 * The two shapes we write: a tiny one for tests, the real Qwen1.5-0.5B one for speed.
	 */
	public enum ModelShape {

		TINY("tiny"), QWEN15_05B("qwen1.5-0.5b");

		private final String cliName;

		ModelShape(String cliName) {
			this.cliName = cliName;
		}

		public String cliName() {
			return this.cliName;
		}

		public static ModelShape parse(String name) {
			return java.util.Arrays.stream(values())
				.filter((s) -> s.cliName.equalsIgnoreCase(name))
				.findFirst()
				.orElseThrow(
						() -> new IllegalArgumentException("--shape must be tiny or qwen1.5-0.5b, not '" + name + "'"));
		}

		QwenConfig config(Architecture arch, boolean tied) {
			boolean bias = arch == Architecture.QWEN2;
			return switch (this) {
				case TINY -> new QwenConfig(arch, 64, 128, 2, 4, 2, arch == Architecture.QWEN3 ? 32 : 16, 151936, 1e-6,
						1_000_000.0, tied, bias, 32768);
				case QWEN15_05B ->
					new QwenConfig(arch, 1024, 2816, 24, 16, 16, 64, 151936, 1e-6, 1_000_000.0, tied, bias, 32768);
			};
		}

	}

	private final QwenConfig config;

	private final TensorDType dtype;

	private final long seed;

	RandomCheckpoint(QwenConfig config, TensorDType dtype, long seed) {
		this.config = config;
		this.dtype = dtype;
		this.seed = seed;
	}

	/**
	 * What {@link #write(String, String, String, long, int, boolean, Path)} wrote, as the
	 * command line names it.
	 */
	public record Written(String shape, String arch, String dtype) {
	}

	/**
	 * The command line's way in: shape, architecture and type by name (an unknown name is
	 * a {@link ModelException} naming the choices).
	 */
	public static Written write(String shape, String arch, String dtype, long seed, int shards, boolean tied,
			Path directory) throws IOException {
		ModelShape modelShape;
		Architecture architecture;
		TensorDType type;
		try {
			modelShape = ModelShape.parse(shape);
			architecture = Architecture.fromShortName(arch);
			type = TensorDType.parse(dtype, "--dtype");
		}
		catch (RuntimeException ex) {
			throw new ModelException(ex.getMessage(), ex);
		}
		new RandomCheckpoint(modelShape.config(architecture, tied), type, seed).write(directory, shards);
		return new Written(modelShape.cliName(), architecture.shortName(),
				type.name().toLowerCase(java.util.Locale.ROOT));
	}

	/**
	 * Writes the checkpoint into {@code directory}, weights split over {@code shards}
	 * files.
	 */
	public void write(Path directory, int shards) throws IOException {
		Files.createDirectories(directory);
		List<SafetensorsWriter.PendingTensor> tensors = tensors();
		if (shards <= 1) {
			SafetensorsWriter.write(directory.resolve(CheckpointFiles.SINGLE), tensors, this.dtype);
		}
		else {
			writeSharded(directory, tensors, shards);
		}
		JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		String torchDtype = switch (this.dtype) {
			case F32 -> "float32";
			case BF16 -> "bfloat16";
			case F16 -> "float16";
		};
		Files.writeString(directory.resolve(CheckpointFiles.CONFIG),
				json.writeValueAsString(this.config.toHfJson(torchDtype)));
		Map<String, Object> generation = new LinkedHashMap<>();
		generation.put("bos_token_id", 151643);
		generation.put("eos_token_id", List.of(151645, 151643));
		generation.put("pad_token_id", 151643);
		generation.put("do_sample", true);
		generation.put("temperature", 0.7);
		generation.put("top_p", 0.8);
		generation.put("top_k", 20);
		generation.put("repetition_penalty", 1.05);
		Files.writeString(directory.resolve("generation_config.json"), json.writeValueAsString(generation));
		VendoredTokenizer.writeTo(directory, this.config.architecture());
	}

	private void writeSharded(Path directory, List<SafetensorsWriter.PendingTensor> tensors, int shards)
			throws IOException {
		Map<String, String> weightMap = new LinkedHashMap<>();
		int perShard = (tensors.size() + shards - 1) / shards;
		for (int s = 0; s < shards; s++) {
			String name = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
			List<SafetensorsWriter.PendingTensor> part = tensors.subList(Math.min(s * perShard, tensors.size()),
					Math.min((s + 1) * perShard, tensors.size()));
			SafetensorsWriter.write(directory.resolve(name), part, this.dtype);
			part.forEach((t) -> weightMap.put(t.name(), name));
		}
		Map<String, Object> index = Map.of("metadata", Map.of(), "weight_map", weightMap);
		Files.writeString(directory.resolve(CheckpointFiles.INDEX),
				JsonMapper.builder().build().writeValueAsString(index));
	}

	private List<SafetensorsWriter.PendingTensor> tensors() {
		QwenConfig c = this.config;
		List<SafetensorsWriter.PendingTensor> out = new ArrayList<>();
		int h = c.hiddenSize();
		int qOut = c.numHeads() * c.headDim();
		int kvOut = c.numKeyValueHeads() * c.headDim();
		out.add(random("model.embed_tokens.weight", 2.0 / Math.sqrt(h), c.vocabSize(), h));
		for (int i = 0; i < c.numLayers(); i++) {
			String p = "model.layers." + i + ".";
			out.add(norm(p + "input_layernorm.weight", h));
			out.add(linear(p + "self_attn.q_proj.weight", qOut, h));
			out.add(linear(p + "self_attn.k_proj.weight", kvOut, h));
			out.add(linear(p + "self_attn.v_proj.weight", kvOut, h));
			if (c.attentionBias()) {
				out.add(random(p + "self_attn.q_proj.bias", 0.1, qOut));
				out.add(random(p + "self_attn.k_proj.bias", 0.1, kvOut));
				out.add(random(p + "self_attn.v_proj.bias", 0.1, kvOut));
			}
			out.add(linear(p + "self_attn.o_proj.weight", h, qOut));
			if (c.hasQkNorm()) {
				out.add(norm(p + "self_attn.q_norm.weight", c.headDim()));
				out.add(norm(p + "self_attn.k_norm.weight", c.headDim()));
			}
			out.add(norm(p + "post_attention_layernorm.weight", h));
			out.add(linear(p + "mlp.gate_proj.weight", c.intermediateSize(), h));
			out.add(linear(p + "mlp.up_proj.weight", c.intermediateSize(), h));
			out.add(linear(p + "mlp.down_proj.weight", h, c.intermediateSize()));
		}
		out.add(norm("model.norm.weight", h));
		if (!c.tieWordEmbeddings()) {
			out.add(random("lm_head.weight", 2.0 / Math.sqrt(h), c.vocabSize(), h));
		}
		return out;
	}

	/** A linear weight [out, in] with standard deviation 1/sqrt(in). */
	private SafetensorsWriter.PendingTensor linear(String name, long out, long in) {
		return random(name, 1.0 / Math.sqrt(in), out, in);
	}

	/**
	 * A norm weight near 1, perturbed so that a missing or misapplied norm shows in the
	 * output.
	 */
	private SafetensorsWriter.PendingTensor norm(String name, long size) {
		SafetensorsWriter.PendingTensor noise = random(name, 0.1, size);
		return new SafetensorsWriter.PendingTensor(name, noise.shape(), (offset, count) -> {
			float[] values = noise.values().chunk(offset, count);
			for (int i = 0; i < values.length; i++) {
				values[i] += 1f;
			}
			return values;
		});
	}

	private SafetensorsWriter.PendingTensor random(String name, double std, long... shape) {
		long tensorSeed = this.seed * 0x9E3779B97F4A7C15L + name.hashCode();
		double halfWidth = std * Math.sqrt(3.0); // uniform(-a, a) has standard deviation
													// a/sqrt(3)
		return new SafetensorsWriter.PendingTensor(name, shape, (offset, count) -> {
			SplittableRandom random = new SplittableRandom(tensorSeed + offset);
			float[] values = new float[count];
			for (int i = 0; i < count; i++) {
				values[i] = (float) ((random.nextDouble() * 2 - 1) * halfWidth);
			}
			return values;
		});
	}

}
