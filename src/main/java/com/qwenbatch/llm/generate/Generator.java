package com.qwenbatch.llm.generate;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.QwenModel;
import com.qwenbatch.llm.tokenizer.QwenTokenizer;

/**
 * Batched generation: one prefill for all rows, then one decode step per token for all
 * rows still running. Each row stops on its own (EOS, max tokens, stop string); lm_head
 * runs only for rows that still need a next token.
 */
public final class Generator {

	private final QwenModel model;

	private final QwenTokenizer tokenizer;

	private final Set<Integer> eosIds;

	private final Prefill prefill;

	private final InferenceStats stats;

	public Generator(QwenModel model, QwenTokenizer tokenizer, Set<Integer> eosIds, PrefixCache prefixes,
			InferenceStats stats) {
		this.model = model;
		this.stats = stats;
		this.tokenizer = tokenizer;
		this.eosIds = Set.copyOf(eosIds);
		this.prefill = new Prefill(model, prefixes, stats);
	}

	public List<GenerationResult> generate(List<GenerationRequest> requests) {
		if (requests.isEmpty()) {
			return List.of();
		}
		int batch = requests.size();
		int[][] prompts = new int[batch][];
		int[] shareable = new int[batch];
		int maxNew = 0;
		List<RowGeneration> rows = new ArrayList<>();
		for (int r = 0; r < batch; r++) {
			GenerationRequest request = requests.get(r);
			prompts[r] = request.promptIds();
			shareable[r] = request.sharedPrefixLength();
			maxNew = Math.max(maxNew, request.settings().maxNewTokens());
			rows.add(new RowGeneration(request, this.eosIds, this.tokenizer));
		}
		int vocab = this.model.config().vocabSize();
		try (NDManager scope = this.model.manager().newSubManager();
				Prefill.Started started = this.prefill.start(prompts, shareable, maxNew, scope)) {
			// one host buffer for every step's logits (fewer rows as rows finish)
			long readStart = System.nanoTime();
			float[] logits = readInto(started.lastLogits(), new float[batch * vocab]);
			long readNanos = System.nanoTime() - readStart;
			float[] row = new float[vocab]; // one scratch row: samplers may modify it
											// (repetition penalty)
			List<Integer> needLogits = allRows(batch);
			while (true) {
				long sampleStart = System.nanoTime();
				for (int i = 0; i < needLogits.size(); i++) {
					System.arraycopy(logits, i * vocab, row, 0, vocab);
					rows.get(needLogits.get(i)).accept(row);
				}
				this.stats.step(readNanos, System.nanoTime() - sampleStart);
				needLogits = activeRows(rows);
				if (needLogits.isEmpty()) {
					break;
				}
				long[] tokens = new long[batch];
				for (int r = 0; r < batch; r++) {
					tokens[r] = rows.get(r).finished() ? BatchState.PAD_ID : rows.get(r).lastToken();
				}
				long[] logitRows = needLogits.stream().mapToLong(Integer::longValue).toArray();
				NDArray next = started.state().appendTokens(tokens, logitRows, scope);
				readStart = System.nanoTime();
				logits = readInto(next, logits);
				readNanos = System.nanoTime() - readStart;
			}
		}
		return rows.stream().map(RowGeneration::result).toList();
	}

	private static List<Integer> allRows(int batch) {
		List<Integer> all = new ArrayList<>();
		for (int r = 0; r < batch; r++) {
			all.add(r);
		}
		return all;
	}

	private static List<Integer> activeRows(List<RowGeneration> rows) {
		List<Integer> active = new ArrayList<>();
		for (int r = 0; r < rows.size(); r++) {
			if (!rows.get(r).finished()) {
				active.add(r);
			}
		}
		return active;
	}

	/**
	 * Copies {@code array} (closed afterwards) into the front of {@code target} through a
	 * view of libtorch's own memory: {@code toFloatArray()} allocated two 10 MB heap
	 * arrays per decode step at batch 16, which the heap kept growing for.
	 */
	static float[] readInto(NDArray array, float[] target) {
		try (array) {
			array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(target, 0, (int) array.size());
			return target;
		}
	}

}
