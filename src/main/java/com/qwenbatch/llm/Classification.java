package com.qwenbatch.llm;

/**
 * The answer of a label-scored prompt: the index of the most likely allowed answer, each
 * answer's probability renormalised over the allowed answers, and the prompt's token
 * count.
 */
public record Classification(int best, double[] probabilities, int promptTokens, int answerTokens) {

	public double confidence() {
		return this.probabilities[this.best];
	}

}
