package com.qwenbatch.llm.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.CacheTensors;
import com.qwenbatch.llm.model.QwenModel;

/**
 * Label scoring: instead of letting the model generate freely and parsing what it said,
 * rank the allowed answers by their log-probability after the prompt. One prefill gives
 * every candidate's first token; one more block, where each candidate's tokens see only
 * the prompt and themselves, gives the rest.
 */
public final class LabelScorer {

	private final QwenModel model;

	private final Prefill prefill;

	public LabelScorer(QwenModel model, PrefixCache prefixes, InferenceStats stats) {
		this.model = model;
		this.prefill = new Prefill(model, prefixes, CacheTensors.Storage.EXACT, stats);
	}

	/**
	 * As {@link #score}, but each row ranks its own answers (e.g. its language's words;
	 * every row the same number). When every answer is decided by its first token, rows
	 * with different answers still share one prefill; otherwise each distinct answer set
	 * is scored as its own batch.
	 */
	public List<LabelScores> scoreEach(int[][] prompts, int[] shareable, List<List<int[]>> candidatesPerRow) {
		Map<List<List<Integer>>, List<Integer>> rowsBySet = new LinkedHashMap<>();
		for (int r = 0; r < prompts.length; r++) {
			List<List<Integer>> key = candidatesPerRow.get(r)
				.stream()
				.map((c) -> Arrays.stream(c).boxed().toList())
				.toList();
			rowsBySet.computeIfAbsent(key, (k) -> new ArrayList<>()).add(r);
		}
		if (rowsBySet.size() == 1) {
			return score(prompts, shareable, candidatesPerRow.get(0));
		}
		boolean oneTokenEach = candidatesPerRow.stream().allMatch((set) -> set.stream().allMatch((c) -> c.length == 1));
		boolean sameCount = candidatesPerRow.stream().allMatch((set) -> set.size() == candidatesPerRow.get(0).size());
		if (oneTokenEach && sameCount) {
			// no continuations: one prefill ranks every row's own first tokens
			return rank(prompts, shareable, candidatesPerRow, new CandidateBlock(candidatesPerRow.get(0)));
		}
		LabelScores[] out = new LabelScores[prompts.length];
		for (List<Integer> rows : rowsBySet.values()) {
			int[][] groupPrompts = rows.stream().map((r) -> prompts[r]).toArray(int[][]::new);
			int[] groupShareable = rows.stream().mapToInt((r) -> shareable[r]).toArray();
			List<LabelScores> scores = score(groupPrompts, groupShareable, candidatesPerRow.get(rows.get(0)));
			for (int g = 0; g < rows.size(); g++) {
				out[rows.get(g)] = scores.get(g);
			}
		}
		return List.of(out);
	}

	/**
	 * @param prompts one prompt per row
	 * @param shareable per row, how many leading ids may be shared across the batch
	 * @param candidates the answers to rank, as token ids (the same for every row)
	 */
	public List<LabelScores> score(int[][] prompts, int[] shareable, List<int[]> candidates) {
		for (int[] candidate : candidates) {
			if (candidate.length == 0) {
				throw new IllegalArgumentException("a candidate answer tokenized to nothing");
			}
		}
		return rank(prompts, shareable, Collections.nCopies(prompts.length, candidates),
				new CandidateBlock(candidates));
	}

	/**
	 * One prefill ranks each row's candidates by their first token; {@code block} (the
	 * same continuations for every row, so only where rows share their candidates) adds
	 * the rest.
	 */
	private List<LabelScores> rank(int[][] prompts, int[] shareable, List<List<int[]>> candidatesPerRow,
			CandidateBlock block) {
		int batch = prompts.length;
		int count = candidatesPerRow.get(0).size();
		double[][] logProbs = new double[batch][count];
		try (NDManager scope = this.model.manager().newSubManager();
				Prefill.Started started = this.prefill.start(prompts, shareable, block.length(), scope)) {
			// first token of every candidate, from the logits after the prompt
			long[] firstIds = new long[batch * count];
			for (int r = 0; r < batch; r++) {
				for (int c = 0; c < count; c++) {
					firstIds[r * count + c] = candidatesPerRow.get(r).get(c)[0];
				}
			}
			float[] first = gatherLogSoftmax(started.lastLogits(), count, firstIds, scope);
			for (int r = 0; r < batch; r++) {
				for (int c = 0; c < count; c++) {
					logProbs[r][c] = first[r * count + c];
				}
			}
			if (block.length() > 0) {
				addContinuations(started.state(), block, logProbs, scope);
			}
		}
		List<LabelScores> scores = new ArrayList<>();
		for (double[] row : logProbs) {
			scores.add(new LabelScores(row));
		}
		return scores;
	}

	private void addContinuations(BatchState state, CandidateBlock block, double[][] logProbs, NDManager scope) {
		int batch = state.batch();
		int length = block.length();
		long[] ids = new long[batch * length];
		long[] positions = new long[batch * length];
		long[] rows = new long[batch * length];
		long[] targets = new long[batch * length];
		for (int r = 0; r < batch; r++) {
			for (int t = 0; t < length; t++) {
				int cell = r * length + t;
				ids[cell] = block.input(t);
				positions[cell] = state.nextPosition(r) + block.offsetInCandidate(t);
				rows[cell] = cell;
				targets[cell] = block.target(t);
			}
		}
		NDArray logits = state.scoreBlock(ids, positions, length, block::visible, rows, scope);
		float[] next = gatherLogSoftmax(logits, 1, targets, scope);
		for (int r = 0; r < batch; r++) {
			for (int t = 0; t < length; t++) {
				logProbs[r][block.candidate(t)] += next[r * length + t];
			}
		}
	}

	/**
	 * logits: [N, vocab]; returns log_softmax(logits)[n, ids[n * perRow + j]] for every n
	 * and j, as a flat array of N * perRow values.
	 */
	private static float[] gatherLogSoftmax(NDArray logits, int perRow, long[] ids, NDManager scope) {
		try (NDManager local = scope.newSubManager()) {
			logits.attach(local);
			long vocab = logits.getShape().get(1);
			long[] flat = new long[ids.length];
			for (int i = 0; i < ids.length; i++) {
				flat[i] = (i / perRow) * vocab + ids[i];
			}
			NDArray logSoftmax = logits.logSoftmax(1).reshape(-1);
			return logSoftmax.get(local.create(flat)).toFloatArray();
		}
	}

	/**
	 * All candidates' continuation tokens laid out in one block: for candidate c with
	 * tokens c0..cn, inputs c0..c(n-1) predict c1..cn. Each input sees the prompt and the
	 * earlier inputs of its own candidate.
	 */
	private static final class CandidateBlock {

		private final List<Integer> inputs = new ArrayList<>();

		private final List<Integer> targets = new ArrayList<>();

		private final List<Integer> owner = new ArrayList<>();

		private final List<Integer> offset = new ArrayList<>();

		CandidateBlock(List<int[]> candidates) {
			for (int c = 0; c < candidates.size(); c++) {
				int[] tokens = candidates.get(c);
				for (int i = 0; i + 1 < tokens.length; i++) {
					this.inputs.add(tokens[i]);
					this.targets.add(tokens[i + 1]);
					this.owner.add(c);
					this.offset.add(i);
				}
			}
		}

		int length() {
			return this.inputs.size();
		}

		long input(int t) {
			return this.inputs.get(t);
		}

		long target(int t) {
			return this.targets.get(t);
		}

		int candidate(int t) {
			return this.owner.get(t);
		}

		int offsetInCandidate(int t) {
			return this.offset.get(t);
		}

		boolean visible(int row, int query, int key) {
			return this.owner.get(query).equals(this.owner.get(key)) && key <= query;
		}

	}

}
