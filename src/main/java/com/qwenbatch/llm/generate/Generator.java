package com.qwenbatch.llm.generate;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.CacheTensors;
import com.qwenbatch.llm.model.QwenModel;
import com.qwenbatch.llm.tokenizer.QwenTokenizer;

/**
 * Batched generation through decode slots: the first rows (as many as there are slots)
 * are prefilled together, then one decode step per token runs for all rows still running.
 * Each row stops on its own (EOS, max tokens, stop string); lm_head runs only for rows
 * that still need a next token. As soon as a slot's row has ended, a waiting row takes
 * it: its prompt is prefilled in the same pass over the weights as the next decode step,
 * so a long reply no longer keeps the other slots idle.
 */
public final class Generator {

	private final QwenModel model;

	private final QwenTokenizer tokenizer;

	private final Set<Integer> eosIds;

	private final Prefill prefill;

	private final InferenceStats stats;

	/** Rows decoded at once; more rows than this wait for a slot to free. */
	private final int slots;

	public Generator(QwenModel model, QwenTokenizer tokenizer, Set<Integer> eosIds, PrefixCache prefixes,
			InferenceStats stats) {
		this(model, tokenizer, eosIds, prefixes, stats, Integer.MAX_VALUE);
	}

	public Generator(QwenModel model, QwenTokenizer tokenizer, Set<Integer> eosIds, PrefixCache prefixes,
			InferenceStats stats, int slots) {
		if (slots < 1) {
			throw new IllegalArgumentException("decode slots must be at least 1, not " + slots);
		}
		this.slots = slots;
		this.model = model;
		this.stats = stats;
		this.tokenizer = tokenizer;
		this.eosIds = Set.copyOf(eosIds);
		this.prefill = new Prefill(model, prefixes, CacheTensors.Storage.COMPACT, stats);
	}

	public List<GenerationResult> generate(List<GenerationRequest> requests) {
		if (requests.isEmpty()) {
			return List.of();
		}
		int count = requests.size();
		int[][] prompts = new int[count][];
		int[] shareable = new int[count];
		int maxNew = 0;
		List<RowGeneration> rows = new ArrayList<>();
		for (int r = 0; r < count; r++) {
			GenerationRequest request = requests.get(r);
			prompts[r] = request.promptIds();
			shareable[r] = request.sharedPrefixLength();
			maxNew = Math.max(maxNew, request.settings().maxNewTokens());
			rows.add(new RowGeneration(request, this.eosIds, this.tokenizer));
		}
		int slots = Math.min(count, this.slots);
		int vocab = this.model.config().vocabSize();
		try (NDManager scope = this.model.manager().newSubManager();
				Prefill.Started started = this.prefill.start(prompts, shareable, slots, maxNew, scope)) {
			SlotTable table = new SlotTable(slots, count);
			// one host buffer for every step's logits (fewer rows as rows finish)
			float[] logits = new float[slots * vocab];
			float[] row = new float[vocab]; // one scratch row: samplers may modify it
											// (repetition penalty)
			long readStart = System.nanoTime();
			readInto(started.lastLogits(), logits);
			long readNanos = System.nanoTime() - readStart;
			int[] sampled = table.startFirst();
			while (true) {
				long sampleStart = System.nanoTime();
				for (int i = 0; i < sampled.length; i++) {
					System.arraycopy(logits, i * vocab, row, 0, vocab);
					rows.get(sampled[i]).accept(row);
				}
				this.stats.step(readNanos, System.nanoTime() - sampleStart);
				table.release(rows);
				int[] active = table.activeSlots();
				if (active.length == 0 && !table.shouldAdmit()) {
					break;
				}
				if (started.state().freeColumns() == 0) {
					started.state().compact(table.running());
				}
				long[] tokens = new long[slots];
				for (int s = 0; s < slots; s++) {
					int r = table.rowIn(s);
					tokens[s] = r < 0 ? BatchState.PAD_ID : rows.get(r).lastToken();
				}
				long[] logitRows = Arrays.stream(active).mapToLong((s) -> s).toArray();
				NDArray next;
				if (table.shouldAdmit()) {
					// waiting rows join the free slots; while other rows run, in their
					// next step's pass over the weights
					int[] free = table.freeSlots();
					boolean[] running = table.running();
					int[] joining = table.admit(free);
					next = active.length == 0 ? this.prefill.admit(started, free, joining, running, scope)
							: this.prefill.decodeAndJoin(started, tokens, logitRows, free, joining, running, scope);
					sampled = IntStream.concat(Arrays.stream(table.rowsIn(active)), Arrays.stream(joining)).toArray();
				}
				else {
					next = started.state().appendTokens(tokens, logitRows, scope);
					sampled = table.rowsIn(active);
				}
				readStart = System.nanoTime();
				readInto(next, logits);
				readNanos = System.nanoTime() - readStart;
			}
		}
		return rows.stream().map(RowGeneration::result).toList();
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
