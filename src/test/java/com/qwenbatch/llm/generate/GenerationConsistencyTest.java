package com.qwenbatch.llm.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.EngineInternals;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.llm.model.CacheTensors;
import com.qwenbatch.llm.model.QwenModel;
import com.qwenbatch.llm.model.ReferenceQwen;
import com.qwenbatch.llm.model.SequenceForward;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fast paths (cache, batching, shared prefix, label scoring) against the plain one.
 */
class GenerationConsistencyTest {

	private static QwenEngine qwen2;

	private static QwenEngine qwen3;

	// a shared "system prompt" part and three user parts of different lengths
	private static final int[] PREFIX = { 151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644 };

	private static final int[][] SUFFIXES = { { 872, 198, 99487 },
			{ 872, 198, 99487, 58405, 101243, 11622, 151645, 198, 151644 },
			{ 872, 198, 40, 2948, 419, 4126, 1576, 432, 374, 1602, 6707, 13, 151645, 198 } };

	@BeforeAll
	static void load() {
		qwen2 = QwenEngine.open(TestModels.tiny(Architecture.QWEN2).toString());
		qwen3 = QwenEngine.open(TestModels.tiny(Architecture.QWEN3).toString());
	}

	@AfterAll
	static void close() {
		qwen2.close();
		qwen3.close();
	}

	/** The prompt with token 4242 after the shared prefix. */
	private static int[] ownPrefix(int[] prompt) {
		int[] ids = new int[prompt.length + 1];
		System.arraycopy(prompt, 0, ids, 0, PREFIX.length);
		ids[PREFIX.length] = 4242;
		System.arraycopy(prompt, PREFIX.length, ids, PREFIX.length + 1, prompt.length - PREFIX.length);
		return ids;
	}

	static int[] prompt(int i) {
		int[] ids = java.util.Arrays.copyOf(PREFIX, PREFIX.length + SUFFIXES[i].length);
		System.arraycopy(SUFFIXES[i], 0, ids, PREFIX.length, SUFFIXES[i].length);
		return ids;
	}

	@Test
	void cachedDecodingEqualsFullForwardEveryStep() {
		for (QwenEngine engine : List.of(qwen2, qwen3)) {
			int[] sequence = prompt(1);
			try (NDManager scope = EngineInternals.model(engine).manager().newSubManager();
					BatchState state = BatchState.allocate(EngineInternals.model(engine), 1, sequence.length + 6,
							CacheTensors.Storage.EXACT, new InferenceStats())) {
				float[] cached = Generator.readInto(state.appendPrompts(new int[][] { sequence }, scope),
						new float[EngineInternals.config(engine).vocabSize()]);
				for (int step = 0; step < 6; step++) {
					float[] full = engine.diagnostics().lastLogits(sequence);
					assertClose(cached, full, 1e-4);
					int next = GreedySampler.argMax(full);
					sequence = append(sequence, next);
					cached = Generator.readInto(state.appendTokens(new long[] { next }, new long[] { 0 }, scope),
							new float[EngineInternals.config(engine).vocabSize()]);
				}
			}
		}
	}

	/**
	 * Next to BF16 weights the cache holds keys and values in BF16 (2 bytes a value): a
	 * prompt and six decode steps through it stay within the BF16 bound of the
	 * double-precision reference that the one-shot BF16 forward keeps (3 % of the row's
	 * largest logit, see QwenForwardTest), and differ from that forward, whose keys and
	 * values stay F32, so the rounding really happened.
	 */
	@Test
	void bf16CacheDecodingStaysWithinBf16RoundingOfTheReference() {
		for (Architecture arch : List.of(Architecture.QWEN2, Architecture.QWEN3)) {
			Path dir = TestModels.tiny(arch);
			ReferenceQwen reference = new ReferenceQwen(dir);
			try (QwenEngine engine = QwenEngine.open(dir.toString(), Precision.BF16)) {
				QwenModel model = EngineInternals.model(engine);
				assertThat(model.cacheTensors().bytesPerValue(CacheTensors.Storage.COMPACT)).isEqualTo(2);
				assertThat(model.cacheTensors().bytesPerValue(CacheTensors.Storage.EXACT)).isEqualTo(4);
				int[] sequence = prompt(1);
				double widestGap = 0;
				try (NDManager scope = model.manager().newSubManager();
						BatchState state = BatchState.allocate(model, 1, sequence.length + 6,
								CacheTensors.Storage.COMPACT, new InferenceStats())) {
					float[] cached = Generator.readInto(state.appendPrompts(new int[][] { sequence }, scope),
							new float[model.config().vocabSize()]);
					for (int step = 0; step < 6; step++) {
						double[][] expected = reference.logits(sequence);
						double[] last = expected[sequence.length - 1];
						assertThat(ReferenceQwen.relativeError(cached, last)).as("%s step %d", arch, step)
							.isLessThan(3e-2);
						float[] oneShot = SequenceForward.logits(model, sequence, new int[] { sequence.length - 1 })[0];
						widestGap = Math.max(widestGap, ReferenceQwen.relativeError(cached, toDoubles(oneShot)));
						int next = argMax(last);
						sequence = append(sequence, next);
						cached = Generator.readInto(state.appendTokens(new long[] { next }, new long[] { 0 }, scope),
								new float[model.config().vocabSize()]);
					}
				}
				assertThat(widestGap).as("%s: BF16 keys and values change the logits", arch).isGreaterThan(1e-6);
			}
		}
	}

	private static double[] toDoubles(float[] values) {
		double[] out = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = values[i];
		}
		return out;
	}

	@Test
	void greedyGenerationEqualsArgmaxOfFullForwards() {
		int[] prompt = prompt(2);
		GenerationResult result = EngineInternals.generator(qwen3)
			.generate(List.of(new GenerationRequest(prompt, 0, GenerationSettings.greedy(5).withExactLength(true), 0)))
			.get(0);
		int[] sequence = prompt;
		for (int i = 0; i < 5; i++) {
			int next = GreedySampler.argMax(qwen3.diagnostics().lastLogits(sequence));
			assertThat(result.tokenIds()[i]).as("token %d", i).isEqualTo(next);
			sequence = append(sequence, next);
		}
		assertThat(result.stopReason()).isEqualTo(StopReason.LENGTH);
		assertThat(result.promptTokens()).isEqualTo(prompt.length);
	}

	@Test
	void batchedRowsOfDifferentLengthsEqualOneAtATime() {
		for (QwenEngine engine : List.of(qwen2, qwen3)) {
			GenerationSettings settings = GenerationSettings.greedy(6).withExactLength(true);
			List<GenerationRequest> requests = new ArrayList<>();
			for (int i = 0; i < SUFFIXES.length; i++) {
				requests.add(new GenerationRequest(prompt(i), 0, settings, 0));
			}
			List<GenerationResult> batched = EngineInternals.generator(engine).generate(requests);
			for (int i = 0; i < requests.size(); i++) {
				GenerationResult alone = EngineInternals.generator(engine).generate(List.of(requests.get(i))).get(0);
				assertThat(batched.get(i).tokenIds()).as("row %d", i).containsExactly(alone.tokenIds());
			}
			// and the log-probabilities the scorer computes match row by row
			int[][] prompts = { prompt(0), prompt(1), prompt(2) };
			List<int[]> candidates = List.of(new int[] { 100 }, new int[] { 200, 300 });
			List<LabelScores> together = EngineInternals.labelScorer(engine).score(prompts, new int[3], candidates);
			for (int i = 0; i < 3; i++) {
				LabelScores single = EngineInternals.labelScorer(engine)
					.score(new int[][] { prompts[i] }, new int[1], candidates)
					.get(0);
				assertThat(together.get(i).logProbs()[0]).isCloseTo(single.logProbs()[0], within(1e-3));
				assertThat(together.get(i).logProbs()[1]).isCloseTo(single.logProbs()[1], within(1e-3));
			}
		}
	}

	@Test
	void rowsStreamingThroughFewerSlotsEqualOneAtATime() {
		// seven rows, two prefixes, replies of 1 to 9 tokens through 2 and 3 slots: rows
		// join as others end (their prompt a block of its own, the cache compacted first)
		int[] otherPrefix = { 151644, 8948, 198, 56568, 101909, 151645, 198, 151644 };
		int[][] prompts = { prompt(0), withPrefix(otherPrefix, SUFFIXES[1]), prompt(2), prompt(1),
				withPrefix(otherPrefix, SUFFIXES[0]), prompt(0), withPrefix(otherPrefix, SUFFIXES[2]) };
		int[] prefixLengths = { PREFIX.length, otherPrefix.length, PREFIX.length, PREFIX.length, otherPrefix.length,
				PREFIX.length, otherPrefix.length };
		int[] replyTokens = { 9, 2, 5, 1, 7, 3, 6 };
		for (QwenEngine engine : List.of(qwen2, qwen3)) {
			List<GenerationRequest> requests = new ArrayList<>();
			for (int r = 0; r < prompts.length; r++) {
				GenerationSettings settings = GenerationSettings.greedy(replyTokens[r]).withExactLength(true);
				requests.add(new GenerationRequest(prompts[r], prefixLengths[r], settings, r));
			}
			for (int slots : new int[] { 2, 3 }) {
				Generator streaming = new Generator(EngineInternals.model(engine), EngineInternals.tokenizer(engine),
						Set.of(), EngineInternals.prefixes(engine), new InferenceStats(), slots);
				List<GenerationResult> streamed = streaming.generate(requests);
				for (int r = 0; r < prompts.length; r++) {
					GenerationResult alone = EngineInternals.generator(engine)
						.generate(List.of(new GenerationRequest(prompts[r], 0, requests.get(r).settings(), r)))
						.get(0);
					assertThat(streamed.get(r).tokenIds()).as("%d slots, row %d", slots, r)
						.hasSize(replyTokens[r])
						.containsExactly(alone.tokenIds());
				}
			}
		}
	}

	@Test
	void compactingTheCacheChangesNoLogits() {
		// two rows decode two steps; then the second ends and a new prompt takes its
		// slot. One twin drops the columns nobody needs first, the other keeps them:
		// every
		// later step's logits agree
		int vocab = EngineInternals.config(qwen2).vocabSize();
		int[][] prompts = { prompt(0), prompt(2) };
		try (NDManager scope = EngineInternals.model(qwen2).manager().newSubManager();
				BatchState kept = BatchState.allocate(EngineInternals.model(qwen2), 2, 80, CacheTensors.Storage.EXACT,
						new InferenceStats());
				BatchState compacted = BatchState.allocate(EngineInternals.model(qwen2), 2, 80,
						CacheTensors.Storage.EXACT, new InferenceStats())) {
			long[] both = { 0, 1 };
			for (BatchState state : List.of(kept, compacted)) {
				state.appendPrompts(prompts, scope).close();
				for (int step = 0; step < 2; step++) {
					state.appendTokens(new long[] { 100 + step, 200 + step }, both, scope).close();
				}
			}
			compacted.compact(new boolean[] { true, false });
			assertThat(compacted.usedColumns()).as("only the running row's columns are left")
				.isEqualTo(prompt(0).length + 2)
				.isLessThan(kept.usedColumns());
			float[][] joined = new float[2][];
			for (BatchState state : List.of(kept, compacted)) {
				state.usePrefix(1, null, 0);
				float[] logits = Generator.readInto(state.admit(new int[][] { null, prompt(1) }, scope),
						new float[vocab]);
				joined[state == kept ? 0 : 1] = logits;
			}
			assertClose(joined[1], joined[0], 1e-5);
			for (int step = 0; step < 2; step++) {
				long[] tokens = { 300 + step, 400 + step };
				float[] a = Generator.readInto(kept.appendTokens(tokens, both, scope), new float[2 * vocab]);
				float[] b = Generator.readInto(compacted.appendTokens(tokens, both, scope), new float[2 * vocab]);
				assertClose(b, a, 1e-5);
			}
		}
	}

	@Test
	void sharedPrefixGivesTheSameResultsAsNoPrefix() {
		for (QwenEngine engine : List.of(qwen2, qwen3)) {
			// a prefix of this test's own (one more token than the shared one): no other
			// test can have cached it, so it is computed exactly once here
			int[][] prompts = { ownPrefix(prompt(0)), ownPrefix(prompt(1)), ownPrefix(prompt(2)) };
			int own = PREFIX.length + 1;
			int[] shareAll = { own, own, own };
			List<int[]> candidates = List.of(new int[] { 105 }, new int[] { 2000, 17 }, new int[] { 9, 8, 7 });
			long missesBefore = EngineInternals.prefixes(engine).misses();
			List<LabelScores> shared = EngineInternals.labelScorer(engine).score(prompts, shareAll, candidates);
			long missesAfterFirst = EngineInternals.prefixes(engine).misses();
			long hitsAfterFirst = EngineInternals.prefixes(engine).hits();
			List<LabelScores> shared2 = EngineInternals.labelScorer(engine).score(prompts, shareAll, candidates);
			List<LabelScores> plain = EngineInternals.labelScorer(engine).score(prompts, new int[3], candidates);
			assertThat(missesAfterFirst - missesBefore).as("prefix computed once").isEqualTo(1);
			assertThat(EngineInternals.prefixes(engine).misses()).as("prefix reused").isEqualTo(missesAfterFirst);
			assertThat(EngineInternals.prefixes(engine).hits()).as("prefix reused").isGreaterThan(hitsAfterFirst);
			for (int r = 0; r < 3; r++) {
				for (int c = 0; c < 3; c++) {
					assertThat(shared.get(r).logProbs()[c]).isCloseTo(plain.get(r).logProbs()[c], within(1e-3));
					assertThat(shared2.get(r).logProbs()[c]).isEqualTo(shared.get(r).logProbs()[c]);
				}
			}
			GenerationSettings settings = GenerationSettings.greedy(4).withExactLength(true);
			GenerationResult withPrefix = EngineInternals.generator(engine)
				.generate(List.of(new GenerationRequest(prompt(2), PREFIX.length, settings, 0)))
				.get(0);
			GenerationResult without = EngineInternals.generator(engine)
				.generate(List.of(new GenerationRequest(prompt(2), 0, settings, 0)))
				.get(0);
			assertThat(withPrefix.tokenIds()).containsExactly(without.tokenIds());
		}
	}

	@Test
	void rowsWithDifferentPrefixesInOneBatchEqualOneAtATime() {
		// two system prompts of different lengths (e.g. the Chinese and English variants
		// of a task),
		// and a row that may share only the first 8 ids of the first one (it uses part of
		// that entry)
		int[] otherPrefix = { 151644, 8948, 198, 56568, 101909, 151645, 198, 151644 };
		int[][] prompts = { prompt(0), withPrefix(otherPrefix, SUFFIXES[1]), prompt(2),
				withPrefix(otherPrefix, SUFFIXES[0]), prompt(1) };
		int[] prefixLengths = { PREFIX.length, otherPrefix.length, PREFIX.length, otherPrefix.length, 8 };
		GenerationSettings settings = GenerationSettings.greedy(5).withExactLength(true);
		for (QwenEngine engine : List.of(qwen2, qwen3)) {
			List<GenerationRequest> requests = new java.util.ArrayList<>();
			for (int r = 0; r < prompts.length; r++) {
				requests.add(new GenerationRequest(prompts[r], prefixLengths[r], settings, r));
			}
			List<GenerationResult> together = EngineInternals.generator(engine).generate(requests);
			for (int r = 0; r < prompts.length; r++) {
				GenerationResult alone = EngineInternals.generator(engine)
					.generate(List.of(new GenerationRequest(prompts[r], 0, settings, r)))
					.get(0);
				assertThat(together.get(r).tokenIds()).as("row %d", r).containsExactly(alone.tokenIds());
			}
		}
	}

	@Test
	void rowsRankingDifferentAnswersInOneBatchScoreAsInTheirOwnBatches() {
		// e.g. Chinese rows rank 正面/负面, English rows positive/negative: one token each
		// (one prefill
		// for all rows), and sets that need continuations (scored per set)
		int[][] prompts = { prompt(0), prompt(1), prompt(2), prompt(1) };
		int[] share = { PREFIX.length, PREFIX.length, PREFIX.length, PREFIX.length };
		List<int[]> chinese = List.of(new int[] { 105 }, new int[] { 2000 });
		List<int[]> english = List.of(new int[] { 9 }, new int[] { 77 });
		List<int[]> longer = List.of(new int[] { 9, 8 }, new int[] { 9, 7, 6 });
		for (QwenEngine engine : List.of(qwen2, qwen3)) {
			for (List<int[]> second : List.of(english, longer)) {
				List<List<int[]>> perRow = List.of(chinese, second, chinese, second);
				List<LabelScores> together = EngineInternals.labelScorer(engine).scoreEach(prompts, share, perRow);
				List<LabelScores> first = EngineInternals.labelScorer(engine)
					.score(new int[][] { prompts[0], prompts[2] }, new int[] { share[0], share[2] }, chinese);
				List<LabelScores> other = EngineInternals.labelScorer(engine)
					.score(new int[][] { prompts[1], prompts[3] }, new int[] { share[1], share[3] }, second);
				for (int c = 0; c < 2; c++) {
					assertThat(together.get(0).logProbs()[c]).isCloseTo(first.get(0).logProbs()[c], within(1e-3));
					assertThat(together.get(2).logProbs()[c]).isCloseTo(first.get(1).logProbs()[c], within(1e-3));
					assertThat(together.get(1).logProbs()[c]).isCloseTo(other.get(0).logProbs()[c], within(1e-3));
					assertThat(together.get(3).logProbs()[c]).isCloseTo(other.get(1).logProbs()[c], within(1e-3));
				}
			}
		}
	}

	private static int[] withPrefix(int[] prefix, int[] suffix) {
		int[] ids = java.util.Arrays.copyOf(prefix, prefix.length + suffix.length);
		System.arraycopy(suffix, 0, ids, prefix.length, suffix.length);
		return ids;
	}

	@Test
	void labelScoresEqualLogSoftmaxSumsOfFullForwards() {
		for (QwenEngine engine : List.of(qwen2, qwen3)) {
			int[] prompt = prompt(1);
			List<int[]> candidates = List.of(new int[] { 99487 }, new int[] { 100, 2000, 30000 },
					new int[] { 151645, 5 });
			LabelScores scores = EngineInternals.labelScorer(engine)
				.score(new int[][] { prompt }, new int[] { PREFIX.length }, candidates)
				.get(0);
			for (int c = 0; c < candidates.size(); c++) {
				int[] candidate = candidates.get(c);
				int[] full = prompt;
				for (int token : candidate) {
					full = append(full, token);
				}
				int[] positions = new int[candidate.length];
				for (int i = 0; i < candidate.length; i++) {
					positions[i] = prompt.length - 1 + i;
				}
				float[][] logits = SequenceForward.logits(EngineInternals.model(engine), full, positions);
				double expected = 0;
				for (int i = 0; i < candidate.length; i++) {
					expected += logSoftmax(logits[i], candidate[i]);
				}
				assertThat(scores.logProbs()[c]).as("candidate %d", c).isCloseTo(expected, within(1e-3));
			}
			double[] p = scores.probabilities();
			assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-9));
			assertThat(scores.best()).isEqualTo(argMax(scores.logProbs()));
		}
	}

	@Test
	void samplingIsReproducibleBySeed() {
		GenerationSettings warm = new GenerationSettings(12, 0.7, 0.9, 0, 1.1, List.of(), true);
		List<GenerationRequest> twoSeeds = List.of(new GenerationRequest(prompt(0), 0, warm, 42),
				new GenerationRequest(prompt(0), 0, warm, 43));
		List<GenerationResult> first = EngineInternals.generator(qwen2).generate(twoSeeds);
		List<GenerationResult> again = EngineInternals.generator(qwen2).generate(twoSeeds);
		assertThat(again.get(0).tokenIds()).containsExactly(first.get(0).tokenIds());
		assertThat(again.get(1).tokenIds()).containsExactly(first.get(1).tokenIds());
		assertThat(first.get(0).tokenIds()).isNotEqualTo(first.get(1).tokenIds());
	}

	@Test
	void eachRowStopsOnItsOwnEosOrStopString() {
		int[] prompt = prompt(0);
		GenerationSettings settings = GenerationSettings.greedy(8);
		int[] free = EngineInternals.generator(qwen2)
			.generate(List.of(new GenerationRequest(prompt, 0, settings.withExactLength(true), 0)))
			.get(0)
			.tokenIds();
		// declare the third greedy token an end-of-sequence id: generation must stop
		// right there
		Generator stoppingAtThird = new Generator(EngineInternals.model(qwen2), EngineInternals.tokenizer(qwen2),
				Set.of(free[2]), EngineInternals.prefixes(qwen2), new InferenceStats());
		List<GenerationResult> results = stoppingAtThird.generate(List.of(new GenerationRequest(prompt, 0, settings, 0),
				new GenerationRequest(prompt(2), 0, settings.withExactLength(true), 0)));
		assertThat(results.get(0).stopReason()).isEqualTo(StopReason.EOS);
		int firstOccurrence = 0;
		while (free[firstOccurrence] != free[2]) {
			firstOccurrence++;
		}
		assertThat(results.get(0).tokenIds()).containsExactly(java.util.Arrays.copyOf(free, firstOccurrence + 1));
		assertThat(results.get(1).tokenIds()).hasSize(8);
		// a stop string made of the second token's text stops there and is cut from the
		// text
		String second = EngineInternals.tokenizer(qwen2).decode(new int[] { free[1] }, true);
		GenerationSettings withStop = new GenerationSettings(8, 0, 1, 0, 1, List.of(second), true);
		GenerationResult stopped = EngineInternals.generator(qwen2)
			.generate(List.of(new GenerationRequest(prompt, 0, withStop, 0)))
			.get(0);
		assertThat(stopped.stopReason()).isEqualTo(StopReason.STOP_STRING);
		assertThat(stopped.text()).doesNotContain(second);
	}

	static double logSoftmax(float[] logits, int id) {
		double max = Double.NEGATIVE_INFINITY;
		for (float v : logits) {
			max = Math.max(max, v);
		}
		double sum = 0;
		for (float v : logits) {
			sum += Math.exp(v - max);
		}
		return logits[id] - max - Math.log(sum);
	}

	private static int argMax(double[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

	private static int[] append(int[] ids, int id) {
		int[] out = java.util.Arrays.copyOf(ids, ids.length + 1);
		out[ids.length] = id;
		return out;
	}

	private static void assertClose(float[] actual, float[] expected, double relative) {
		double maxDiff = 0;
		double scale = 1e-12;
		for (int i = 0; i < expected.length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
			scale = Math.max(scale, Math.abs(expected[i]));
		}
		assertThat(maxDiff / scale).isLessThan(relative);
	}

}
