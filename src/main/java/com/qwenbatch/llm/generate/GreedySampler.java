package com.qwenbatch.llm.generate;

/** Always the highest logit; ties go to the lowest id, as torch.argmax does. */
public final class GreedySampler implements Sampler {

	@Override
	public int sample(float[] logits) {
		return argMax(logits);
	}

	static int argMax(float[] logits) {
		int best = 0;
		for (int i = 1; i < logits.length; i++) {
			if (logits[i] > logits[best]) {
				best = i;
			}
		}
		return best;
	}

}
