package com.qwenbatch.llm.generate;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisiveAnswersTest {

	private static final int END = 151645;

	@Test
	void answersThatDifferInTheirFirstTokenNeedOnlyThatToken() {
		List<int[]> decisive = DecisiveAnswers.of(List.of(new int[] { 5, 6 }, new int[] { 7 }, new int[] { 8, 9, 10 }),
				END);
		assertThat(decisive).containsExactly(new int[] { 5 }, new int[] { 7 }, new int[] { 8 });
	}

	@Test
	void aSharedStartIsScoredUpToTheFirstTokenThatDiffers() {
		// 非常正面 / 非常负面 / 中性: the first two share "非常"
		List<int[]> decisive = DecisiveAnswers
			.of(List.of(new int[] { 1, 2, 3 }, new int[] { 1, 4, 3 }, new int[] { 9 }), END);
		assertThat(decisive).containsExactly(new int[] { 1, 2 }, new int[] { 1, 4 }, new int[] { 9 });
	}

	@Test
	void anAnswerThatIsAPrefixOfAnotherIsClosedByTheEndToken() {
		// 正 / 正面: only the end of turn tells "正" apart
		List<int[]> decisive = DecisiveAnswers.of(List.of(new int[] { 1 }, new int[] { 1, 2 }), END);
		assertThat(decisive).containsExactly(new int[] { 1, END }, new int[] { 1, 2 });
	}

	@Test
	void anEmptyAnswerIsRejected() {
		assertThatThrownBy(() -> DecisiveAnswers.of(List.of(new int[] { 1 }, new int[0]), END))
			.hasMessageContaining("answer 1");
	}

}
