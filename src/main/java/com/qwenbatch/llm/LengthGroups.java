package com.qwenbatch.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits rows into batches of similar prompt length, so left-padding wastes little
 * compute. Returns row indices; callers put results back in the original order.
 */
final class LengthGroups {

	private LengthGroups() {
	}

	static List<List<Integer>> of(int[] lengths, int maxBatch) {
		List<Integer> byLength = IntStream.range(0, lengths.length)
			.boxed()
			.sorted(Comparator.comparingInt((Integer i) -> lengths[i]))
			.toList();
		List<List<Integer>> groups = new ArrayList<>();
		for (int start = 0; start < byLength.size(); start += maxBatch) {
			groups.add(byLength.subList(start, Math.min(start + maxBatch, byLength.size())));
		}
		return groups;
	}

}
