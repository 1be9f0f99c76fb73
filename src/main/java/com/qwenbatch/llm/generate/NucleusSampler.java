package com.qwenbatch.llm.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Temperature, then top-k, then top-p (nucleus), then a draw from a seeded random source: the same
 * order as Hugging Face's logits warpers, so settings mean what they mean there.
 */
public final class NucleusSampler implements Sampler {

	private final double temperature;

	private final int topK;

	private final double topP;

	private final SplittableRandom random;

	public NucleusSampler(double temperature, int topK, double topP, long seed) {
		if (temperature <= 0) {
			throw new IllegalArgumentException("temperature must be > 0 (use greedy for 0)");
		}
		this.temperature = temperature;
		this.topK = topK;
		this.topP = topP;
		this.random = new SplittableRandom(seed);
	}

	@Override
	public int sample(float[] logits) {
		int[] order = candidatesByLogit(logits);
		double max = logits[order[0]];
		double[] weights = new double[order.length];
		double total = 0;
		for (int i = 0; i < order.length; i++) {
			weights[i] = Math.exp((logits[order[i]] - max) / this.temperature);
			total += weights[i];
		}
		// keep the smallest head whose probability mass reaches topP (always at least one token)
		int keep = order.length;
		if (this.topP < 1.0) {
			double mass = 0;
			for (int i = 0; i < order.length; i++) {
				mass += weights[i] / total;
				if (mass >= this.topP) {
					keep = i + 1;
					break;
				}
			}
		}
		double kept = 0;
		for (int i = 0; i < keep; i++) {
			kept += weights[i];
		}
		double draw = this.random.nextDouble() * kept;
		for (int i = 0; i < keep; i++) {
			draw -= weights[i];
			if (draw <= 0) {
				return order[i];
			}
		}
		return order[keep - 1];
	}

	/**
	 * Token ids sorted by logit, highest first: the top-k when set, else every token whose weight is
	 * not negligible (exp(-30) of the best) so that sorting stays cheap on a 150k vocabulary.
	 */
	private int[] candidatesByLogit(float[] logits) {
		float max = logits[GreedySampler.argMax(logits)];
		float floor = (float) (max - 30 * this.temperature);
		int count = 0;
		long[] packed = new long[64];
		for (int i = 0; i < logits.length; i++) {
			if (logits[i] >= floor) {
				if (count == packed.length) {
					packed = Arrays.copyOf(packed, count * 2);
				}
				// sortable key: logit bits (order-preserving transform) high, id low
				int bits = Float.floatToIntBits(logits[i]);
				int key = bits >= 0 ? bits : bits ^ 0x7fffffff;
				packed[count++] = ((long) key << 32) | (0xffffffffL & ~i);
			}
		}
		long[] sorted = Arrays.copyOf(packed, count);
		Arrays.sort(sorted);
		int n = this.topK > 0 ? Math.min(this.topK, count) : count;
		int[] order = new int[n];
		for (int i = 0; i < n; i++) {
			order[i] = ~(int) sorted[count - 1 - i];
		}
		return order;
	}

}
