package com.qwenbatch.llm.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token embedding is read from the checkpoint itself, row by row. */
class TokenEmbeddingTest {

	private static final String TABLE = "model.embed_tokens.weight";

	private static final int[] IDS = { 151644, 872, 198, 99487, 58405, 101243 };

	@ParameterizedTest
	@EnumSource(TensorDType.class)
	void rowsAreTheCheckpointsValuesWidenedExactly(TensorDType dtype) {
		TensorInfo info = CheckpointFiles.open(TestModels.tiny(Architecture.QWEN2, dtype, 1, true, 5))
			.tensors()
			.get(TABLE);
		float[] whole = SafetensorsFile.readFloats(info);
		int width = (int) info.shape()[1];
		long[] ids = { 7, 0, info.shape()[0] - 1, 7, 1234 };
		FloatBuffer out = FloatBuffer.allocate(ids.length * width);
		try (TokenEmbedding table = TokenEmbedding.open(info)) {
			assertThat(table.width()).isEqualTo(width);
			table.lookup(ids, out);
		}
		assertThat(out.position()).isEqualTo(ids.length * width);
		for (int r = 0; r < ids.length; r++) {
			int from = (int) (ids[r] * width);
			assertThat(Arrays.copyOfRange(out.array(), r * width, (r + 1) * width)).as("id %d", ids[r])
				.containsExactly(Arrays.copyOfRange(whole, from, from + width));
		}
	}

	@Test
	void anIdOutsideTheVocabularyIsRefusedByName() {
		TensorInfo info = CheckpointFiles.open(TestModels.tiny(Architecture.QWEN2)).tensors().get(TABLE);
		try (TokenEmbedding table = TokenEmbedding.open(info)) {
			FloatBuffer out = FloatBuffer.allocate(table.width());
			assertThatThrownBy(() -> table.lookup(new long[] { table.vocabulary() }, out))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("token id " + table.vocabulary());
			assertThatThrownBy(() -> table.lookup(new long[] { -1 }, out)).isInstanceOf(IllegalArgumentException.class);
		}
	}

	/**
	 * A new checkpoint renamed over the files of a loaded model (how downloads land) does
	 * not change what the loaded model computes; a model opened afterwards sees the new
	 * one.
	 */
	@Test
	void aCheckpointReplacedOnDiskDoesNotChangeALoadedModel(@TempDir Path dir) throws IOException {
		Path first = copy(TestModels.tiny(Architecture.QWEN2, TensorDType.BF16, 1, true, 5), dir.resolve("model"));
		Path second = copy(TestModels.tiny(Architecture.QWEN2, TensorDType.BF16, 1, true, 6), dir.resolve("next"));
		try (QwenEngine loaded = QwenEngine.open(first.toString())) {
			float[] before = loaded.diagnostics().lastLogits(IDS);
			Files.move(second.resolve(CheckpointFiles.SINGLE), first.resolve(CheckpointFiles.SINGLE),
					StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			assertThat(loaded.diagnostics().lastLogits(IDS)).containsExactly(before);
			try (QwenEngine reopened = QwenEngine.open(first.toString())) {
				assertThat(reopened.diagnostics().lastLogits(IDS)).isNotEqualTo(before);
			}
		}
	}

	/**
	 * A checkpoint copied into the loaded model's file in place (same file, new contents,
	 * as {@code cp} does) would mix its embeddings with the loaded layers: the next
	 * lookup refuses, naming the file; a model opened afterwards works.
	 */
	@Test
	void aCheckpointWrittenOverInPlaceStopsTheLoadedModelWithAClearError(@TempDir Path dir) throws IOException {
		Path loaded = copy(TestModels.tiny(Architecture.QWEN2, TensorDType.BF16, 1, true, 5), dir.resolve("model"));
		Path other = TestModels.tiny(Architecture.QWEN2, TensorDType.BF16, 1, true, 6);
		Path file = loaded.resolve(CheckpointFiles.SINGLE);
		try (QwenEngine engine = QwenEngine.open(loaded.toString())) {
			float[] before = engine.diagnostics().lastLogits(IDS);
			FileTime modified = Files.getLastModifiedTime(file);
			try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
				out.write(ByteBuffer.wrap(Files.readAllBytes(other.resolve(CheckpointFiles.SINGLE))), 0);
			}
			// what the write does on any file system with fine-grained times
			Files.setLastModifiedTime(file, FileTime.fromMillis(modified.toMillis() + 2000));
			assertThatThrownBy(() -> engine.diagnostics().lastLogits(IDS))
				.hasStackTraceContaining(file + " was written over while the model was loaded");
			try (QwenEngine reopened = QwenEngine.open(loaded.toString())) {
				assertThat(reopened.diagnostics().lastLogits(IDS)).isNotEqualTo(before);
			}
		}
	}

	private static Path copy(Path from, Path to) throws IOException {
		Files.createDirectories(to);
		try (var files = Files.list(from)) {
			for (Path file : files.toList()) {
				Files.copy(file, to.resolve(file.getFileName()));
			}
		}
		return to;
	}

}
