package com.qwenbatch.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.generate.DecisiveAnswers;
import com.qwenbatch.llm.generate.GenerationRequest;
import com.qwenbatch.llm.generate.GenerationSettings;
import com.qwenbatch.llm.generate.Generator;
import com.qwenbatch.llm.generate.InferenceStats;
import com.qwenbatch.llm.generate.LabelScorer;
import com.qwenbatch.llm.generate.LabelScores;
import com.qwenbatch.llm.generate.PrefixCache;
import com.qwenbatch.llm.model.CheckpointFiles;
import com.qwenbatch.llm.model.ModelLoadException;
import com.qwenbatch.llm.model.QwenModel;
import com.qwenbatch.llm.model.WeightLoader;
import com.qwenbatch.llm.tokenizer.ChatPrompt;
import com.qwenbatch.llm.tokenizer.ChatTemplate;
import com.qwenbatch.llm.tokenizer.QwenTokenizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loaded checkpoint with everything needed to use it: model, tokenizer, chat template,
 * generator, label scorer and the shared-prefix cache. Load once per process.
 */
public final class QwenEngine implements LanguageModel {

	/**
	 * Replies decoded at once unless told otherwise: more rows per step is the main lever
	 * on every CPU measured (docs/performance.md), and 32 rows' keys and values fit
	 * beside the weights.
	 */
	public static final int DEFAULT_DECODE_SLOTS = 32;

	private final String modelId;

	/** Where the model's files are: its fingerprint is made from them. */
	private final Path directory;

	private String fingerprint;

	private final QwenModel model;

	private final QwenTokenizer tokenizer;

	private final ChatTemplate chatTemplate;

	private final PrefixCache prefixes;

	private final Generator generator;

	private final LabelScorer labelScorer;

	private final InferenceStats stats = new InferenceStats();

	private final PrecisionChoice precision;

	private final int decodeSlots;

	private QwenEngine(String modelId, Path directory, QwenModel model, QwenTokenizer tokenizer,
			ChatTemplate chatTemplate, Set<Integer> eosIds, PrecisionChoice precision, int decodeSlots) {
		this.modelId = modelId;
		this.directory = directory;
		this.precision = precision;
		this.model = model;
		this.tokenizer = tokenizer;
		this.chatTemplate = chatTemplate;
		this.prefixes = new PrefixCache(model);
		this.decodeSlots = decodeSlots;
		this.generator = new Generator(model, tokenizer, eosIds, this.prefixes, this.stats, decodeSlots);
		this.labelScorer = new LabelScorer(model, this.prefixes, this.stats);
	}

	/**
	 * Loads {@code model}: "demo", a checkpoint directory or a Hugging Face repo id (see
	 * {@link ModelFiles#locate}), reported in results as given.
	 */
	public static QwenEngine open(String model) {
		return open(model, model, Precision.F32);
	}

	/** As {@link #open(String)} in the given precision. */
	public static QwenEngine open(String model, Precision precision) {
		return open(model, model, precision);
	}

	/**
	 * As {@link #open(String)}, reporting {@code modelId} (e.g. "demo") in results, in
	 * the given precision ({@code AUTO} is decided here, once).
	 */
	public static QwenEngine open(String model, String modelId, Precision precision) {
		return open(model, modelId, precision, DEFAULT_DECODE_SLOTS);
	}

	/**
	 * As {@link #open(String, String, Precision)}, generating at most {@code decodeSlots}
	 * replies at once (more rows wait for a free slot).
	 */
	public static QwenEngine open(String model, String modelId, Precision precision, int decodeSlots) {
		try {
			return load(Path.of(ModelFiles.locate(model)), modelId, PrecisionChoice.of(precision), decodeSlots);
		}
		catch (ModelLoadException ex) {
			throw new ModelException(ex.getMessage(), ex);
		}
	}

	private static QwenEngine load(Path directory, String modelId, PrecisionChoice precision, int decodeSlots) {
		DjlRuntime.configure(); // before anything (the tokenizer included) can start
								// libtorch
		CheckpointFiles checkpoint = CheckpointFiles.open(directory);
		QwenTokenizer tokenizer = QwenTokenizer.load(checkpoint.tokenizerJson());
		NDManager manager = DjlRuntime.newBaseManager();
		try {
			QwenModel qwen = new QwenModel(checkpoint.config(),
					WeightLoader.load(checkpoint, manager, precision.weightFormat()));
			ChatTemplate template = ChatTemplate.forCheckpoint(tokenizer, checkpoint.tokenizerConfigJson());
			return new QwenEngine(modelId, directory, qwen, tokenizer, template, eosIds(checkpoint, tokenizer),
					precision, decodeSlots);
		}
		catch (RuntimeException ex) {
			manager.close();
			tokenizer.close();
			throw ex;
		}
	}

	/**
	 * End-of-sequence ids: generation_config.json's, else config.json's, plus ChatML's
	 * im_end.
	 */
	static Set<Integer> eosIds(CheckpointFiles checkpoint, QwenTokenizer tokenizer) {
		Set<Integer> ids = new LinkedHashSet<>();
		for (Path file : new Path[] { checkpoint.generationConfigJson(),
				checkpoint.directory().resolve("config.json") }) {
			if (ids.isEmpty() && Files.exists(file)) {
				try {
					JsonNode eos = JsonMapper.builder().build().readTree(Files.readString(file)).path("eos_token_id");
					if (eos.isArray()) {
						eos.forEach((n) -> ids.add(n.asInt()));
					}
					else if (eos.isNumber()) {
						ids.add(eos.asInt());
					}
				}
				catch (IOException ex) {
					throw new ModelLoadException(file + ": cannot read: " + ex.getMessage(), ex);
				}
			}
		}
		if (ids.isEmpty()) {
			ids.add(tokenizer.controlId(QwenTokenizer.IM_END));
		}
		return ids;
	}

	@Override
	public String modelId() {
		return this.modelId;
	}

	/**
	 * Made from the files on first use (a run's first chunk: about 2 s for the 1.8 GB
	 * Qwen1.5-0.5B-shape F32 checkpoint), then kept.
	 */
	@Override
	public synchronized String fingerprint() {
		if (this.fingerprint == null) {
			this.fingerprint = ModelFingerprint.of(this.directory);
		}
		return this.fingerprint;
	}

	@Override
	public PrecisionChoice precision() {
		return this.precision;
	}

	/** Replies generated at once ({@code --decode-slots}). */
	public int decodeSlots() {
		return this.decodeSlots;
	}

	// The parts the engine is made of: for this package (the GEMM probe) and the
	// engine's own tests, never handed out by the facade.

	QwenModel model() {
		return this.model;
	}

	QwenTokenizer tokenizer() {
		return this.tokenizer;
	}

	Generator generator() {
		return this.generator;
	}

	LabelScorer labelScorer() {
		return this.labelScorer;
	}

	PrefixCache prefixes() {
		return this.prefixes;
	}

	/** Rows per forward batch; longer lists are split, grouped by prompt length. */
	private static final int MAX_BATCH = 64;

	@Override
	public List<Classification> classify(List<Prompt> prompts, List<List<String>> answersPerRow) {
		int imEnd = this.tokenizer.controlId(QwenTokenizer.IM_END);
		// each distinct answer list tokenized once; rows with the same answers share the
		// candidates
		Map<List<String>, List<int[]>> decisive = new HashMap<>();
		List<List<int[]>> candidates = answersPerRow.stream()
			.map((answers) -> decisive.computeIfAbsent(answers,
					(a) -> DecisiveAnswers.of(a.stream().map(this.tokenizer::encodeText).toList(), imEnd)))
			.toList();
		return inLengthGroups(prompts, MAX_BATCH, (rows, chats) -> {
			int[][] ids = chats.stream().map(ChatPrompt::ids).toArray(int[][]::new);
			int[] shareable = chats.stream().mapToInt(ChatPrompt::sharedPrefixLength).toArray();
			List<List<int[]>> rowCandidates = rows.stream().map(candidates::get).toList();
			List<LabelScores> scores = this.labelScorer.scoreEach(ids, shareable, rowCandidates);
			return IntStream.range(0, ids.length)
				.mapToObj((g) -> new Classification(scores.get(g).best(), scores.get(g).probabilities(), ids[g].length,
						rowCandidates.get(g).get(scores.get(g).best()).length))
				.toList();
		});
	}

	@Override
	public List<Completion> complete(List<Prompt> prompts, List<GenerationOptions> options, long[] seeds) {
		List<GenerationSettings> settings = options.stream().map(QwenEngine::settings).toList();
		// one group: the generator streams the rows, shortest prompts first, through its
		// decode slots
		return inLengthGroups(prompts, Integer.MAX_VALUE, (rows, chats) -> {
			List<GenerationRequest> requests = IntStream.range(0, rows.size())
				.mapToObj((g) -> new GenerationRequest(chats.get(g).ids(), chats.get(g).sharedPrefixLength(),
						settings.get(rows.get(g)), seeds[rows.get(g)]))
				.toList();
			return this.generator.generate(requests)
				.stream()
				.map((r) -> new Completion(r.text().strip(), r.promptTokens(), r.generatedTokens(),
						r.stopReason().name().toLowerCase(java.util.Locale.ROOT)))
				.toList();
		});
	}

	/**
	 * Runs rows in batches of similar prompt length; results come back in the callers'
	 * order.
	 */
	private <T> List<T> inLengthGroups(List<Prompt> prompts, int maxBatch,
			BiFunction<List<Integer>, List<ChatPrompt>, List<T>> batch) {
		List<ChatPrompt> chats = prompts.stream().map(this::chat).toList();
		List<T> out = new ArrayList<>(Collections.nCopies(chats.size(), null));
		for (List<Integer> rows : LengthGroups.of(chats.stream().mapToInt((c) -> c.ids().length).toArray(), maxBatch)) {
			List<T> results = batch.apply(rows, rows.stream().map(chats::get).toList());
			for (int g = 0; g < rows.size(); g++) {
				out.set(rows.get(g), results.get(g));
			}
		}
		return out;
	}

	@Override
	public int[] tokenize(String text) {
		return this.tokenizer.encodeText(text);
	}

	@Override
	public RenderedChat render(Prompt prompt) {
		ChatPrompt chat = chat(prompt);
		return new RenderedChat(this.tokenizer.decode(chat.ids(), false), chat.ids().length);
	}

	private ChatPrompt chat(Prompt prompt) {
		return this.chatTemplate.render(prompt.system(), prompt.user(), prompt.fixedUserChars());
	}

	static GenerationSettings settings(GenerationOptions o) {
		return new GenerationSettings(o.maxNewTokens(), o.temperature(), o.topP(), o.topK(), o.repetitionPenalty(),
				o.stopStrings(), o.exactLength());
	}

	/**
	 * The engine's diagnostic calls (the {@code model} and {@code bench} commands, and
	 * the engine's tests): raw token ids in, logits and counters out.
	 */
	public Diagnostics diagnostics() {
		return new Diagnostics(this);
	}

	ChatTemplate chatTemplate() {
		return this.chatTemplate;
	}

	InferenceStats stats() {
		return this.stats;
	}

	@Override
	public void close() {
		this.prefixes.close();
		this.model.close();
		this.tokenizer.close();
	}

}
