package com.qwenbatch.llm.model;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.qwenbatch.llm.ModelException;
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
			.isInstanceOf(ModelException.class)
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
		Files.writeString(config,
				Files.readString(config)
					.replace("Qwen2ForCausalLM", "LlamaForCausalLM")
					.replace("\"qwen2\"", "\"llama\""));
		assertThatThrownBy(() -> QwenEngine.open(dir.toString())).isInstanceOf(ModelException.class)
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
		assertThatThrownBy(() -> QwenEngine.open(dir.toString())).isInstanceOf(ModelException.class)
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
	void aRepoIdIsDownloadedIntoTheCacheLayoutFromTheEndpoint() throws IOException {
		Path source = TestModels.tiny(Architecture.QWEN3, TensorDType.F32, 2, true, 9);
		com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getPath();
			Path file = source.resolve(path.substring(path.lastIndexOf('/') + 1));
			if (!path.startsWith("/Org/tiny-qwen3/resolve/main/") || !Files.exists(file)) {
				exchange.sendResponseHeaders(404, -1);
			}
			else {
				exchange.sendResponseHeaders(200, Files.size(file));
				try (var out = exchange.getResponseBody()) {
					Files.copy(file, out);
				}
			}
			exchange.close();
		});
		server.start();
		try {
			String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
			ModelLocator locator = new ModelLocator(
					Map.of("HF_HOME", this.tmp.resolve("hf").toString(), "HF_ENDPOINT", endpoint), this.tmp);
			Path snapshot = locator.resolve("Org/tiny-qwen3");
			assertThat(snapshot).isEqualTo(this.tmp.resolve("hf/hub/models--Org--tiny-qwen3/snapshots/main"));
			assertThat(snapshot.resolve("model.safetensors.index.json")).exists();
			assertThat(snapshot.resolve("model-00002-of-00002.safetensors"))
				.hasSameBinaryContentAs(source.resolve("model-00002-of-00002.safetensors"));
			// now cached: found without the server
			server.stop(0);
			assertThat(locator.resolve("Org/tiny-qwen3")).isEqualTo(snapshot);
			int[] ids = { 151644, 872, 198 };
			try (QwenEngine downloaded = QwenEngine.open(snapshot.toString());
					QwenEngine original = QwenEngine.open(source.toString())) {
				assertThat(downloaded.diagnostics().lastLogits(ids))
					.containsExactly(original.diagnostics().lastLogits(ids));
			}
			assertThatThrownBy(() -> new ModelLocator(
					Map.of("HF_HOME", this.tmp.resolve("hf2").toString(), "HF_ENDPOINT", endpoint), this.tmp)
				.resolve("Org/tiny-qwen3")).isInstanceOf(ModelLoadException.class)
				.hasMessageContaining("could not be downloaded");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void repoIdResolvesFromTheHuggingFaceCacheLayoutOrExplainsHowToGetIt() throws IOException {
		Path hub = this.tmp.resolve("hf/hub");
		ModelLocator locator = new ModelLocator(
				Map.of("HF_HOME", this.tmp.resolve("hf").toString(), "HF_HUB_OFFLINE", "1"), this.tmp);
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
