package com.qwenbatch.llm.generate;

/**
 * Each candidate's total log-probability after the prompt, and the winner.
 * {@link #probabilities()} renormalises over the candidates: the confidence of the chosen
 * label among the allowed ones.
 */
public record LabelScores(double[] logProbs) {

	public int best() {
		int best = 0;
		for (int i = 1; i < this.logProbs.length; i++) {
			if (this.logProbs[i] > this.logProbs[best]) {
				best = i;
			}
		}
		return best;
	}

	public double[] probabilities() {
		double max = this.logProbs[best()];
		double[] p = new double[this.logProbs.length];
		double sum = 0;
		for (int i = 0; i < p.length; i++) {
			p[i] = Math.exp(this.logProbs[i] - max);
			sum += p[i];
		}
		for (int i = 0; i < p.length; i++) {
			p[i] /= sum;
		}
		return p;
	}

}
