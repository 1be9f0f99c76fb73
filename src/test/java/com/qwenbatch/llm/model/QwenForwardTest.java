package com.qwenbatch.llm.model;

import java.nio.file.Path;

import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.EngineInternals;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The NDArray forward pass against the independent double-precision reference. */
class QwenForwardTest {

	private static final int[] IDS = { 151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 99487, 58405 };

	@ParameterizedTest(name = "{0} tied={1}")
	@CsvSource({ "QWEN2, true", "QWEN3, true", "QWEN2, false", "QWEN3, false" })
	void logitsAgreeWithPlainJavaReference(Architecture arch, boolean tied) {
		Path dir = TestModels.tiny(arch, TensorDType.F32, 1, tied, 11);
		double[][] expected = new ReferenceQwen(dir).logits(IDS);
		int[] everyPosition = java.util.stream.IntStream.range(0, IDS.length).toArray();
		try (QwenEngine engine = QwenEngine.open(dir.toString())) {
			float[][] actual = SequenceForward.logits(EngineInternals.model(engine), IDS, everyPosition);
			for (int t = 0; t < IDS.length; t++) {
				assertThat(ReferenceQwen.relativeError(actual[t], expected[t])).as("position %d", t).isLessThan(1e-4);
			}
		}
	}

	/**
	 * BF16 projections against the same double-precision reference. BF16 keeps 8
	 * significant bits (relative rounding up to 2^-9 = 0.2 %); x is rounded on the way
	 * into every projection and y on the way out, the weights once, and errors compound
	 * over the layers, so the bound is 3 % of the row's largest logit. The lower bound
	 * shows the BF16 kernels really ran (F32 stays under 1e-4).
	 */
	@ParameterizedTest(name = "{0} {1} on disk, tied={2}")
	@CsvSource({ "QWEN2, F32, true", "QWEN3, F32, false", "QWEN2, BF16, true", "QWEN3, BF16, true" })
	void bf16LogitsStayWithinBf16RoundingOfTheReference(Architecture arch, TensorDType onDisk, boolean tied) {
		Path dir = TestModels.tiny(arch, onDisk, 1, tied, 11);
		double[][] expected = new ReferenceQwen(dir).logits(IDS);
		int[] everyPosition = java.util.stream.IntStream.range(0, IDS.length).toArray();
		try (QwenEngine engine = QwenEngine.open(dir.toString(), Precision.BF16)) {
			assertThat(EngineInternals.model(engine).weightFormat()).isEqualTo(WeightFormat.BF16);
			float[][] actual = SequenceForward.logits(EngineInternals.model(engine), IDS, everyPosition);
			double worst = 0;
			for (int t = 0; t < IDS.length; t++) {
				double error = ReferenceQwen.relativeError(actual[t], expected[t]);
				assertThat(error).as("position %d", t).isLessThan(3e-2);
				worst = Math.max(worst, error);
			}
			assertThat(worst).as("rounded to BF16 somewhere").isGreaterThan(1e-4);
		}
	}

}
