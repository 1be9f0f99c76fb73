package com.qwenbatch.bench;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExactLengthsTest {

	@Test
	void lengthsAreUniformOverTheRangeAndFixedByTheRowId() {
		ExactLengths lengths = new ExactLengths(10, 60);
		Map<Integer, Integer> counts = new HashMap<>();
		long sum = 0;
		int rows = 51_000;
		for (int i = 0; i < rows; i++) {
			int n = lengths.forRow("c" + i + "#" + i);
			assertThat(n).isBetween(10, 60);
			assertThat(lengths.forRow("c" + i + "#" + i)).isEqualTo(n);
			counts.merge(n, 1, Integer::sum);
			sum += n;
		}
		assertThat(counts).hasSize(51);
		// each of the 51 values expected 1,000 times; 4 standard deviations is ~125
		assertThat(counts.values()).allSatisfy((c) -> assertThat(c).isBetween(850, 1150));
		assertThat((double) sum / rows).isBetween(34.5, 35.5);
		assertThat(new ExactLengths(60, 60).forRow("any")).isEqualTo(60);
	}

	@Test
	void anEmptyRangeIsRefused() {
		assertThatThrownBy(() -> new ExactLengths(0, 5)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new ExactLengths(6, 5)).isInstanceOf(IllegalArgumentException.class);
	}

}
