package com.qwenbatch.llm.model;

import java.nio.file.Path;

import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** On-disk variants of the same weights load to the same model. */
class CheckpointFormatsTest {

	private static final int[] IDS = { 151644, 872, 198, 99487, 58405, 101243 };

	@ParameterizedTest
	@EnumSource(Architecture.class)
	void shardedCheckpointEqualsSingleFile(Architecture arch) {
		float[] single = lastLogits(TestModels.tiny(arch, TensorDType.F32, 1, true, 3));
		float[] sharded = lastLogits(TestModels.tiny(arch, TensorDType.F32, 3, true, 3));
		assertThat(sharded).containsExactly(single);
	}

	@ParameterizedTest
	@EnumSource(value = TensorDType.class, names = { "BF16", "F16" })
	void halfPrecisionCheckpointsStayCloseToF32(TensorDType dtype) {
		Path f32 = TestModels.tiny(Architecture.QWEN2, TensorDType.F32, 1, true, 5);
		Path half = TestModels.tiny(Architecture.QWEN2, dtype, 1, true, 5);
		float[] reference = lastLogits(f32);
		float[] actual = lastLogits(half);
		double[] asDouble = new double[reference.length];
		for (int i = 0; i < reference.length; i++) {
			asDouble[i] = reference[i];
		}
		double error = ReferenceQwen.relativeError(actual, asDouble);
		// bf16 keeps 8 mantissa bits (~0.4 % per weight); f16 keeps 11
		assertThat(error).isLessThan(dtype == TensorDType.BF16 ? 0.05 : 0.01).isGreaterThan(0);
	}

	@Test
	void bf16ValuesAreReadExactlyByThePlainJavaDecoder() {
		Path half = TestModels.tiny(Architecture.QWEN2, TensorDType.BF16, 1, true, 5);
		CheckpointFiles files = CheckpointFiles.open(half);
		float[] norm = SafetensorsFile.readFloats(files.tensors().get("model.norm.weight"));
		try (QwenEngine engine = QwenEngine.open(half.toString())) {
			// the DJL path converts inside libtorch; both must see the same numbers
			double[] expected = new ReferenceQwen(half).logits(IDS)[IDS.length - 1];
			float[] actual = engine.diagnostics().lastLogits(IDS);
			assertThat(ReferenceQwen.relativeError(actual, expected)).isLessThan(1e-4);
		}
		assertThat(norm).hasSize(64);
	}

	private static float[] lastLogits(Path dir) {
		try (QwenEngine engine = QwenEngine.open(dir.toString())) {
			return engine.diagnostics().lastLogits(IDS);
		}
	}

}
