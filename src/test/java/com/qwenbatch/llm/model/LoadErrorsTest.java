package com.qwenbatch.llm.model;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way a checkpoint can be broken gives an error naming the file or tensor. */
class LoadErrorsTest {

	@TempDir
	Path tmp;

	private Path copyOfTiny() throws IOException {
		Path source = TestModels.tiny(Architecture.QWEN2);
		Path target = this.tmp.resolve("model");
		Files.createDirectories(target);
		try (var files = Files.list(source)) {
			for (Path f : files.toList()) {
				Files.copy(f, target.resolve(f.getFileName()));
			}
		}
		return target;
	}

	@Test
	void missingDirectoryAndMissingFiles() throws IOException {
		assertThatThrownBy(() -> QwenEngine.open(this.tmp.resolve("nope").toString()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("nope");
		Path dir = copyOfTiny();
		Files.delete(dir.resolve("model.safetensors"));
		assertThatThrownBy(() -> QwenEngine.open(dir.toString())).hasMessageContaining("model.safetensors");
		Path dir2 = this.tmp.resolve("noconfig");
		Files.createDirectories(dir2);
		assertThatThrownBy(() -> CheckpointFiles.open(dir2)).hasMessageContaining("config.json");
	}

	@Test
	void unknownArchitecture() throws IOException {
		Path dir = copyOfTiny();
		Path config = dir.resolve("config.json");
		Files.writeString(config, Files.readString(config).replace("Qwen2ForCausalLM", "LlamaForCausalLM").replace("\"qwen2\"", "\"llama\""));
		assertThatThrownBy(() -> QwenEngine.open(dir.toString())).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("LlamaForCausalLM")
			.hasMessageContaining("config.json");
	}

	@Test
	void missingAndMisshapedTensors() throws IOException {
		Path dir = copyOfTiny();
		Path config = dir.resolve("config.json");
		String original = Files.readString(config);
		Files.writeString(config, original.replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3"));
		assertThatThrownBy(() -> QwenEngine.open(dir.toString())).hasMessageContaining("model.layers.2.");
		Files.writeString(config, original.replace("\"intermediate_size\" : 128", "\"intermediate_size\" : 96"));
		assertThatThrownBy(() -> QwenEngine.open(dir.toString())).hasMessageContaining("mlp.gate_proj.weight")
			.hasMessageContaining("[128, 64]");
	}

	@Test
	void truncatedFile() throws IOException {
		Path dir = copyOfTiny();
		try (RandomAccessFile file = new RandomAccessFile(dir.resolve("model.safetensors").toFile(), "rw")) {
			file.setLength(file.length() / 2);
		}
		assertThatThrownBy(() -> QwenEngine.open(dir.toString())).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("truncated")
			.hasMessageContaining("model.safetensors");
	}

	@Test
	void unsupportedDtype() throws IOException {
		String header = "{\"w\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]}}";
		byte[] json = header.getBytes(StandardCharsets.UTF_8);
		ByteBuffer file = ByteBuffer.allocate(8 + json.length + 2).order(ByteOrder.LITTLE_ENDIAN);
		file.putLong(json.length).put(json).put(new byte[2]);
		Path path = this.tmp.resolve("q.safetensors");
		Files.write(path, file.array());
		assertThatThrownBy(() -> SafetensorsFile.open(path)).hasMessageContaining("unsupported dtype I8")
			.hasMessageContaining("'w'");
	}

	@Test
	void repoIdResolvesFromTheHuggingFaceCacheLayoutOrExplainsHowToGetIt() throws IOException {
		Path hub = this.tmp.resolve("hf/hub");
		ModelLocator locator = new ModelLocator(Map.of("HF_HOME", this.tmp.resolve("hf").toString()), this.tmp);
		assertThatThrownBy(() -> locator.resolve("Qwen/Qwen1.5-0.5B-Chat")).isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("huggingface-cli download Qwen/Qwen1.5-0.5B-Chat")
			.hasMessageContaining("--model demo");
		Path snapshot = hub.resolve("models--Qwen--Qwen1.5-0.5B-Chat/snapshots/abc123");
		Files.createDirectories(snapshot);
		Files.writeString(snapshot.resolve("config.json"), "{}");
		Files.createDirectories(hub.resolve("models--Qwen--Qwen1.5-0.5B-Chat/refs"));
		Files.writeString(hub.resolve("models--Qwen--Qwen1.5-0.5B-Chat/refs/main"), "abc123\n");
		assertThat(locator.resolve("Qwen/Qwen1.5-0.5B-Chat")).isEqualTo(snapshot);
	}

}
