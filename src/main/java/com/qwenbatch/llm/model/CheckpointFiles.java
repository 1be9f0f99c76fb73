package com.qwenbatch.llm.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of one Hugging Face checkpoint directory: config, weights (single file or
 * shards named by {@code model.safetensors.index.json}), tokenizer and generation config.
 */
public record CheckpointFiles(Path directory, QwenConfig config, Map<String, TensorInfo> tensors) {

	public static final String CONFIG = "config.json";

	public static final String SINGLE = "model.safetensors";

	public static final String INDEX = "model.safetensors.index.json";

	public static CheckpointFiles open(Path directory) {
		if (!Files.isDirectory(directory)) {
			throw new ModelLoadException("model directory not found: " + directory);
		}
		QwenConfig config = QwenConfig.read(directory.resolve(CONFIG));
		Map<String, TensorInfo> tensors = new LinkedHashMap<>();
		for (Path file : weightFiles(directory)) {
			tensors.putAll(SafetensorsFile.open(file).tensors());
		}
		return new CheckpointFiles(directory, config, tensors);
	}

	public Path tokenizerJson() {
		return this.directory.resolve("tokenizer.json");
	}

	public Path tokenizerConfigJson() {
		return this.directory.resolve("tokenizer_config.json");
	}

	public Path generationConfigJson() {
		return this.directory.resolve("generation_config.json");
	}

	private static List<Path> weightFiles(Path directory) {
		Path index = directory.resolve(INDEX);
		if (Files.exists(index)) {
			return shardsFromIndex(directory, index);
		}
		Path single = directory.resolve(SINGLE);
		if (Files.exists(single)) {
			return List.of(single);
		}
		throw new ModelLoadException("no weights in " + directory + ": expected " + SINGLE + " or " + INDEX
				+ " with its model-0000k-of-0000N.safetensors shards");
	}

	private static List<Path> shardsFromIndex(Path directory, Path index) {
		JsonNode weightMap;
		try {
			weightMap = JsonMapper.builder().build().readTree(Files.readString(index)).path("weight_map");
		}
		catch (IOException | RuntimeException ex) {
			throw new ModelLoadException(index + ": cannot read: " + ex.getMessage(), ex);
		}
		if (!weightMap.isObject() || weightMap.isEmpty()) {
			throw new ModelLoadException(index + ": no 'weight_map' entries");
		}
		Set<String> shardNames = new LinkedHashSet<>();
		weightMap.properties().forEach((e) -> shardNames.add(e.getValue().asString()));
		List<Path> shards = new ArrayList<>();
		for (String name : shardNames) {
			Path shard = directory.resolve(name);
			if (!Files.exists(shard)) {
				throw new ModelLoadException("missing shard " + shard + " (listed in " + INDEX + ")");
			}
			shards.add(shard);
		}
		return shards;
	}

}
