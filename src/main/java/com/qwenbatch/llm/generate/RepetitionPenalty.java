package com.qwenbatch.llm.generate;

/**
 * CTRL-style repetition penalty as Hugging Face applies it: every token already in the
 * sequence has its logit divided by the penalty when positive and multiplied when
 * negative.
 */
public record RepetitionPenalty(double penalty) {

	public static final RepetitionPenalty NONE = new RepetitionPenalty(1.0);

	public void apply(float[] logits, Iterable<Integer> seen) {
		if (this.penalty == 1.0) {
			return;
		}
		java.util.BitSet done = new java.util.BitSet(logits.length);
		for (int id : seen) {
			if (id >= 0 && id < logits.length && !done.get(id)) {
				done.set(id);
				logits[id] = (float) (logits[id] > 0 ? logits[id] / this.penalty : logits[id] * this.penalty);
			}
		}
	}

}
