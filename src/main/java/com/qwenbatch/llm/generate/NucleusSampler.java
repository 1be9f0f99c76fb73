package com.qwenbatch.llm.generate;

import java.util.SplittableRandom;

/**
 * Temperature, then top-k, then top-p (nucleus), then a draw from a seeded random source:
 * the order of Hugging Face's logits warpers, so settings mean what they mean there. Only
 * the head of the distribution is ever sorted: a bounded heap selects the top k (or,
 * without top-k, a head that grows until it holds the nucleus), so a 150k vocabulary
 * costs one linear pass.
 */
public final class NucleusSampler implements Sampler {

	private static final int FIRST_HEAD = 64;

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
		int[] head;
		float max;
		double total = 0;
		if (this.topK > 0) {
			// top-p renormalises over the k survivors: no full-vocabulary pass, and the
			// largest logit is the head's first
			head = TopTokens.select(logits, Math.min(this.topK, logits.length));
			max = logits[head[0]];
		}
		else {
			max = logits[GreedySampler.argMax(logits)];
			for (float logit : logits) {
				total += Math.exp((logit - max) / this.temperature);
			}
			head = nucleusHead(logits, max, total);
		}
		double[] weights = new double[head.length];
		double headMass = 0;
		for (int i = 0; i < head.length; i++) {
			weights[i] = Math.exp((logits[head[i]] - max) / this.temperature);
			headMass += weights[i];
		}
		// top-k renormalises over the k survivors before top-p; without top-k the whole
		// vocabulary counts
		double mass = this.topK > 0 ? headMass : total;
		int keep = head.length;
		double cumulative = 0;
		for (int i = 0; i < head.length; i++) {
			cumulative += weights[i];
			if (cumulative >= this.topP * mass) {
				keep = i + 1;
				break;
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
				return head[i];
			}
		}
		return head[keep - 1];
	}

	/** Token ids by logit, highest first: a head holding at least top-p of the mass. */
	private int[] nucleusHead(float[] logits, float max, double total) {
		for (int size = FIRST_HEAD;; size *= 4) {
			int[] head = TopTokens.select(logits, Math.min(size, logits.length));
			double mass = 0;
			for (int id : head) {
				mass += Math.exp((logits[id] - max) / this.temperature);
			}
			if (mass >= this.topP * total || head.length == logits.length) {
				return head;
			}
		}
	}

}
