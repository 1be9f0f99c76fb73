package com.qwenbatch.llm.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tokens of each allowed answer that actually decide between them. An answer is
 * scored up to its first token that no other answer shares at that place (正面 vs 负面: one
 * token each, so one prefill decides and no continuation has to be run); an answer that
 * is a prefix of another, or equal to it, is scored in full followed by the end-of-turn
 * token, which is what tells them apart. Ranking by these tokens is the choice that
 * greedy decoding, restricted to the allowed answers, would make at the point where the
 * answers part ways.
 */
public final class DecisiveAnswers {

	private DecisiveAnswers() {
	}

	/**
	 * Per answer (token ids), the tokens to score; {@code endId} closes answers that need
	 * it.
	 */
	public static List<int[]> of(List<int[]> answers, int endId) {
		List<int[]> decisive = new ArrayList<>();
		for (int a = 0; a < answers.size(); a++) {
			int[] answer = answers.get(a);
			if (answer.length == 0) {
				throw new IllegalArgumentException("answer " + a + " tokenized to nothing");
			}
			int length = 1;
			while (length <= answer.length && sharedByAnother(answers, a, length)) {
				length++;
			}
			if (length > answer.length) {
				int[] closed = Arrays.copyOf(answer, answer.length + 1);
				closed[answer.length] = endId;
				decisive.add(closed);
			}
			else {
				decisive.add(Arrays.copyOf(answer, length));
			}
		}
		return decisive;
	}

	/**
	 * Whether another answer starts with the first {@code length} tokens of answer
	 * {@code a}.
	 */
	private static boolean sharedByAnother(List<int[]> answers, int a, int length) {
		int[] answer = answers.get(a);
		for (int other = 0; other < answers.size(); other++) {
			int[] o = answers.get(other);
			if (other != a && o.length >= length && Arrays.equals(answer, 0, length, o, 0, length)) {
				return true;
			}
		}
		return false;
	}

}
