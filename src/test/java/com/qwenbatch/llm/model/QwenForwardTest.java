package com.qwenbatch.llm.model;

import java.nio.file.Path;

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
			float[][] actual = SequenceForward.logits(engine.model(), IDS, everyPosition);
			for (int t = 0; t < IDS.length; t++) {
				assertThat(relativeError(actual[t], expected[t])).as("position %d", t).isLessThan(1e-4);
			}
		}
	}

	/** max |a - b| over the row, relative to the row's largest |b|. */
	static double relativeError(float[] actual, double[] expected) {
		double maxDiff = 0;
		double scale = 1e-12;
		for (int i = 0; i < expected.length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
			scale = Math.max(scale, Math.abs(expected[i]));
		}
		return maxDiff / scale;
	}

}
