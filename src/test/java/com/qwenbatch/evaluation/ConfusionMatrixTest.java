package com.qwenbatch.evaluation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConfusionMatrixTest {

	/**
	 * gold \ predicted P N M P 8 1 1 N 2 6 2 M 0 3 2 precision P = 8/10, N = 6/10, M =
	 * 2/5; recall P = 8/10, N = 6/10, M = 2/5; accuracy 16/25.
	 */
	@Test
	void metricsOfAKnownMatrix() {
		ConfusionMatrix m = new ConfusionMatrix(List.of("P", "N", "M"));
		add(m, "P", "P", 8);
		add(m, "P", "N", 1);
		add(m, "P", "M", 1);
		add(m, "N", "P", 2);
		add(m, "N", "N", 6);
		add(m, "N", "M", 2);
		add(m, "M", "N", 3);
		add(m, "M", "M", 2);
		assertThat(m.total()).isEqualTo(25);
		assertThat(m.accuracy()).isCloseTo(16.0 / 25, within(1e-12));
		assertThat(m.precision("P")).isCloseTo(0.8, within(1e-12));
		assertThat(m.precision("N")).isCloseTo(0.6, within(1e-12));
		assertThat(m.precision("M")).isCloseTo(0.4, within(1e-12));
		assertThat(m.recall("P")).isCloseTo(0.8, within(1e-12));
		assertThat(m.recall("N")).isCloseTo(0.6, within(1e-12));
		assertThat(m.recall("M")).isCloseTo(0.4, within(1e-12));
		assertThat(m.f1("M")).isCloseTo(0.4, within(1e-12));
		assertThat(m.macroF1()).isCloseTo((0.8 + 0.6 + 0.4) / 3, within(1e-12));
	}

	@Test
	void asymmetricPrecisionAndRecallAndEmptyClasses() {
		ConfusionMatrix m = new ConfusionMatrix(List.of("A", "B", "C"));
		add(m, "A", "A", 3);
		add(m, "A", "B", 1);
		add(m, "B", "A", 2);
		// C never occurs and is never predicted
		assertThat(m.precision("A")).isCloseTo(3.0 / 5, within(1e-12));
		assertThat(m.recall("A")).isCloseTo(3.0 / 4, within(1e-12));
		assertThat(m.f1("A")).isCloseTo(2 * 0.6 * 0.75 / 1.35, within(1e-12));
		assertThat(m.precision("B")).isZero();
		assertThat(m.recall("C")).isZero();
		assertThat(m.f1("C")).isZero();
		assertThatThrownBy(() -> m.add("Z", "A")).hasMessageContaining("'Z'");
	}

	private static void add(ConfusionMatrix m, String gold, String predicted, int times) {
		for (int i = 0; i < times; i++) {
			m.add(gold, predicted);
		}
	}

}
