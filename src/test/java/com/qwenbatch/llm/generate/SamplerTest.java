package com.qwenbatch.llm.generate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {

	@Test
	void topTokensEqualsAFullSort() {
		SplittableRandom random = new SplittableRandom(1);
		float[] logits = new float[151936];
		for (int i = 0; i < logits.length; i++) {
			logits[i] = (float) random.nextGaussian();
		}
		logits[5] = logits[7]; // a tie: the lower id comes first
		int[] expected = IntStream.range(0, logits.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer i) -> -logits[i]).thenComparingInt((i) -> i))
			.limit(300)
			.mapToInt(Integer::intValue)
			.toArray();
		assertThat(TopTokens.select(logits, 300)).containsExactly(expected);
	}

	/**
	 * Many equal logits around the cut (and both zeros): the ids kept and their order are
	 * a full sort's, lower id first among equals.
	 */
	@Test
	void topTokensKeepTheLowerIdsAmongEqualLogitsAtTheCut() {
		SplittableRandom random = new SplittableRandom(2);
		float[] logits = new float[151936];
		for (int i = 0; i < logits.length; i++) {
			logits[i] = Math.round(random.nextGaussian() * 2) / 2f; // a few distinct
																	// values
		}
		logits[100] = -0.0f;
		logits[90] = 0.0f;
		for (int k : new int[] { 1, 50, 3000, 40000 }) {
			int[] expected = IntStream.range(0, logits.length)
				.boxed()
				.sorted(Comparator.comparingDouble((Integer i) -> -logits[i]).thenComparingInt((i) -> i))
				.limit(k)
				.mapToInt(Integer::intValue)
				.toArray();
			assertThat(TopTokens.select(logits, k)).as("k = %d", k).containsExactly(expected);
		}
	}

	@Test
	void nucleusDrawsOnlyFromTheTopPMassWithTheRightFrequencies() {
		// probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1: top-p 0.8 keeps the first
		// two
		float[] logits = { (float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15),
				(float) Math.log(0.05) };
		NucleusSampler sampler = new NucleusSampler(1.0, 0, 0.8, 42);
		int[] counts = new int[4];
		for (int i = 0; i < 20000; i++) {
			counts[sampler.sample(logits)]++;
		}
		assertThat(counts[2] + counts[3]).isZero();
		assertThat(counts[0] / 20000.0).isCloseTo(0.5 / 0.8, within(0.02));
		// top-k 1 is greedy whatever the temperature
		NucleusSampler topOne = new NucleusSampler(5.0, 1, 1.0, 3);
		assertThat(IntStream.range(0, 100).map((i) -> topOne.sample(logits)).distinct().toArray()).containsExactly(0);
	}

	@Test
	void lowTemperatureSharpensAndRepetitionPenaltyFollowsHuggingFace() {
		float[] logits = { 1.0f, 0.9f, -2.0f };
		NucleusSampler cold = new NucleusSampler(0.01, 0, 1.0, 7);
		assertThat(IntStream.range(0, 200).map((i) -> cold.sample(logits)).distinct().toArray()).containsExactly(0);
		float[] penalised = Arrays.copyOf(logits, 3);
		new RepetitionPenalty(2.0).apply(penalised, java.util.List.of(0, 2, 2));
		assertThat(penalised).containsExactly(0.5f, 0.9f, -4.0f);
	}

}
