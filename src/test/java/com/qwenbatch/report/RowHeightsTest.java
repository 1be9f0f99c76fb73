package com.qwenbatch.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RowHeightsTest {

	@Test
	void chineseCharactersTakeTwoWidthsAndLongTextIsCapped() {
		assertThat(RowHeights.lines("short", 50)).isEqualTo(1);
		assertThat(RowHeights.lines("a".repeat(96), 50)).isEqualTo(2);
		assertThat(RowHeights.lines("好".repeat(48), 50)).as("96 widths in 48 per line").isEqualTo(2);
		assertThat(RowHeights.lines("one\ntwo\nthree", 50)).isEqualTo(3);
		assertThat(RowHeights.lines("x".repeat(10_000), 50)).isEqualTo(RowHeights.MAX_LINES);
		assertThat(RowHeights.points("好".repeat(48), 50)).isEqualTo(2 * RowHeights.LINE_POINTS);
	}

}
