package com.qwenbatch.llm.generate;

import java.util.Arrays;

/**
 * The k highest logits' ids, highest first (ties: lower id first), by a bounded min-heap.
 */
final class TopTokens {

	private TopTokens() {
	}

	static int[] select(float[] logits, int k) {
		long[] heap = new long[k];
		int size = 0;
		// once the heap is full, a logit not above its smallest cannot enter: most of a
		// 150k vocabulary is passed over by this one comparison (ties go to the lower id,
		// already in the heap, so an equal logit cannot enter either)
		float floor = Float.NEGATIVE_INFINITY;
		for (int id = 0; id < logits.length; id++) {
			if (size == k && Float.compare(logits[id], floor) <= 0) {
				continue;
			}
			long key = key(logits[id], id);
			if (size < k) {
				heap[size] = key;
				siftUp(heap, size++);
			}
			else if (key > heap[0]) {
				heap[0] = key;
				siftDown(heap, size);
			}
			if (size == k) {
				floor = logitOf(heap[0]);
			}
		}
		long[] sorted = Arrays.copyOf(heap, size);
		Arrays.sort(sorted);
		int[] ids = new int[size];
		for (int i = 0; i < size; i++) {
			ids[i] = ~(int) sorted[size - 1 - i];
		}
		return ids;
	}

	/**
	 * Orders by logit, then by lower id: the float's bits made sortable, the inverted id
	 * below.
	 */
	private static long key(float logit, int id) {
		int bits = Float.floatToIntBits(logit);
		int sortable = bits >= 0 ? bits : bits ^ 0x7fffffff;
		return ((long) sortable << 32) | (0xffffffffL & ~id);
	}

	/** The logit a key was made from. */
	private static float logitOf(long key) {
		int sortable = (int) (key >> 32);
		return Float.intBitsToFloat(sortable >= 0 ? sortable : sortable ^ 0x7fffffff);
	}

	private static void siftUp(long[] heap, int index) {
		int i = index;
		while (i > 0) {
			int parent = (i - 1) / 2;
			if (heap[parent] <= heap[i]) {
				return;
			}
			long t = heap[parent];
			heap[parent] = heap[i];
			heap[i] = t;
			i = parent;
		}
	}

	private static void siftDown(long[] heap, int size) {
		int i = 0;
		while (true) {
			int left = 2 * i + 1;
			int smallest = i;
			if (left < size && heap[left] < heap[smallest]) {
				smallest = left;
			}
			if (left + 1 < size && heap[left + 1] < heap[smallest]) {
				smallest = left + 1;
			}
			if (smallest == i) {
				return;
			}
			long t = heap[smallest];
			heap[smallest] = heap[i];
			heap[i] = t;
			i = smallest;
		}
	}

}
