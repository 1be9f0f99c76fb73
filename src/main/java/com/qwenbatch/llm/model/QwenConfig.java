package com.qwenbatch.llm.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fixed shape of a Qwen decoder, read from a Hugging Face {@code config.json}.
 *
 * @param headDim per-head width: {@code head_dim} when given (Qwen3), else hidden / heads
 * @param attentionBias whether q/k/v projections have a bias (Qwen2 family: yes)
 */
public record QwenConfig(Architecture architecture, int hiddenSize, int intermediateSize, int numLayers, int numHeads,
		int numKeyValueHeads, int headDim, int vocabSize, double rmsNormEps, double ropeTheta,
		boolean tieWordEmbeddings, boolean attentionBias, int maxPositionEmbeddings) {

	public QwenConfig {
		if (numHeads % numKeyValueHeads != 0) {
			throw new ModelLoadException("config.json: num_attention_heads (" + numHeads
					+ ") must be a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
		}
	}

	/** Query heads that share one key/value head (grouped-query attention). */
	public int groupSize() {
		return this.numHeads / this.numKeyValueHeads;
	}

	public boolean hasQkNorm() {
		return this.architecture == Architecture.QWEN3;
	}

	/**
	 * Parameters of the decoder layers (no embedding, no lm_head, which prefill runs for
	 * one token per row only): what a prefilled token costs, 2 FLOPs each.
	 */
	public long nonEmbeddingParameters() {
		long attention = (long) this.hiddenSize * this.numHeads * this.headDim
				+ 2L * this.hiddenSize * this.numKeyValueHeads * this.headDim
				+ (long) this.numHeads * this.headDim * this.hiddenSize;
		long mlp = 3L * this.hiddenSize * this.intermediateSize;
		return this.numLayers * (attention + mlp);
	}

	public static QwenConfig read(Path configJson) {
		String text;
		try {
			text = Files.readString(configJson);
		}
		catch (NoSuchFileException ex) {
			throw new ModelLoadException("missing " + configJson + " (every Hugging Face checkpoint has one)", ex);
		}
		catch (IOException ex) {
			throw new ModelLoadException(configJson + ": cannot read: " + ex.getMessage(), ex);
		}
		JsonNode root;
		try {
			root = JsonMapper.builder().build().readTree(text);
		}
		catch (RuntimeException ex) {
			throw new ModelLoadException(configJson + ": not valid JSON: " + ex.getMessage(), ex);
		}
		String source = configJson.toString();
		JsonNode architectures = root.path("architectures");
		String archName = architectures.isArray() && !architectures.isEmpty() ? architectures.get(0).asString()
				: root.path("model_type").asString("");
		Architecture architecture = archName.equals("qwen2") ? Architecture.QWEN2
				: archName.equals("qwen3") ? Architecture.QWEN3 : Architecture.fromHfClassName(archName, source);
		int hidden = requiredInt(root, "hidden_size", source);
		int heads = requiredInt(root, "num_attention_heads", source);
		int headDim = root.hasNonNull("head_dim") ? root.get("head_dim").asInt() : hidden / heads;
		boolean bias = root.hasNonNull("attention_bias") ? root.get("attention_bias").asBoolean()
				: architecture == Architecture.QWEN2;
		return new QwenConfig(architecture, hidden, requiredInt(root, "intermediate_size", source),
				requiredInt(root, "num_hidden_layers", source), heads, root.path("num_key_value_heads").asInt(heads),
				headDim, requiredInt(root, "vocab_size", source), root.path("rms_norm_eps").asDouble(1e-6),
				root.path("rope_theta").asDouble(10000.0), root.path("tie_word_embeddings").asBoolean(false), bias,
				root.path("max_position_embeddings").asInt(32768));
	}

	private static int requiredInt(JsonNode root, String key, String source) {
		if (!root.hasNonNull(key)) {
			throw new ModelLoadException(source + ": missing key '" + key + "'");
		}
		return root.get(key).asInt();
	}

	/** The config.json a Hugging Face checkpoint of this shape would carry. */
	public Map<String, Object> toHfJson(String torchDtype) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("architectures", java.util.List.of(this.architecture.hfClassName()));
		json.put("model_type", this.architecture.shortName());
		json.put("hidden_size", this.hiddenSize);
		json.put("intermediate_size", this.intermediateSize);
		json.put("num_hidden_layers", this.numLayers);
		json.put("num_attention_heads", this.numHeads);
		json.put("num_key_value_heads", this.numKeyValueHeads);
		if (this.architecture == Architecture.QWEN3) {
			json.put("head_dim", this.headDim);
		}
		json.put("attention_bias", this.attentionBias);
		json.put("vocab_size", this.vocabSize);
		json.put("rms_norm_eps", this.rmsNormEps);
		json.put("rope_theta", this.ropeTheta);
		json.put("tie_word_embeddings", this.tieWordEmbeddings);
		json.put("max_position_embeddings", this.maxPositionEmbeddings);
		json.put("hidden_act", "silu");
		json.put("bos_token_id", 151643);
		json.put("eos_token_id", 151645);
		json.put("torch_dtype", torchDtype);
		return json;
	}

}
