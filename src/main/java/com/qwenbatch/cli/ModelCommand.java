package com.qwenbatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.generate.GenerationRequest;
import com.qwenbatch.llm.generate.GenerationResult;
import com.qwenbatch.llm.generate.GenerationSettings;
import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.llm.model.RandomCheckpoint;
import com.qwenbatch.llm.model.RandomCheckpoint.ModelShape;
import com.qwenbatch.llm.model.TensorDType;
import com.qwenbatch.llm.tokenizer.ChatPrompt;

/**
 * {@code model init-random | logits | generate | score}: the engine's fixed command-line contract.
 * Progress goes to stderr; the last line of stdout is the JSON result.
 */
public final class ModelCommand {

	static final String USAGE = """
			model init-random --shape tiny|qwen1.5-0.5b --arch qwen2|qwen3 --dtype f32|bf16|f16 --seed N --out DIR [--shards N] [--untied]
			model logits   --model MODEL --token-ids IDS [--top 20]
			model generate --model MODEL (--token-ids IDS | --prompt TEXT [--system TEXT]) [--max-new-tokens 32]
			model score    --model MODEL --token-ids IDS --candidates "a,b;c\"""";

	private final PrintStream out;

	public ModelCommand(PrintStream out) {
		this.out = out;
	}

	public void run(List<String> words) {
		if (words.isEmpty()) {
			throw new UsageException("model needs a subcommand:\n" + USAGE);
		}
		Arguments args = new Arguments(words.subList(1, words.size()), Set.of("untied"));
		switch (words.get(0)) {
			case "init-random" -> initRandom(args);
			case "logits" -> logits(args);
			case "generate" -> generate(args);
			case "score" -> score(args);
			default -> throw new UsageException("unknown model subcommand '" + words.get(0) + "'\n" + USAGE);
		}
	}

	private void initRandom(Arguments args) {
		ModelShape shape = parse(() -> ModelShape.parse(args.optional("shape", "tiny")));
		Architecture arch = parse(() -> Architecture.fromShortName(args.optional("arch", "qwen2")));
		TensorDType dtype = parse(() -> TensorDType.parse(args.optional("dtype", "f32"), "--dtype"));
		long seed = args.longOption("seed", 0);
		int shards = args.intOption("shards", 1);
		boolean untied = args.flag("untied");
		Path dir = Path.of(args.required("out"));
		args.rejectUnknown();
		try {
			new RandomCheckpoint(shape.config(arch, !untied), dtype, seed).write(dir, shards);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write checkpoint to " + dir, ex);
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("out", dir.toAbsolutePath().toString());
		json.put("shape", shape.cliName());
		json.put("arch", arch.shortName());
		json.put("dtype", dtype.name().toLowerCase(java.util.Locale.ROOT));
		json.put("seed", seed);
		json.put("shards", shards);
		JsonOutput.print(this.out, json);
	}

	private void logits(Arguments args) {
		String model = args.required("model");
		int[] ids = Arguments.parseIds(args.required("token-ids"), "token-ids");
		int top = args.intOption("top", 20);
		args.rejectUnknown();
		try (QwenEngine engine = QwenEngine.open(model)) {
			checkIds(ids, engine);
			float[] logits = engine.lastLogits(ids);
			List<Map<String, Object>> entries = IntStream.range(0, logits.length)
				.boxed()
				.sorted(Comparator.comparingDouble((Integer i) -> -logits[i]).thenComparingInt((i) -> i))
				.limit(top)
				.map((i) -> Map.<String, Object>of("id", i, "logit", logits[i]))
				.toList();
			JsonOutput.print(this.out, Map.of("top", entries));
		}
	}

	private void generate(Arguments args) {
		String model = args.required("model");
		int maxNew = args.intOption("max-new-tokens", 32);
		String idsText = args.optional("token-ids", null);
		String prompt = args.optional("prompt", null);
		String system = args.optional("system", null);
		args.rejectUnknown();
		if ((idsText == null) == (prompt == null)) {
			throw new UsageException("model generate needs exactly one of --token-ids or --prompt");
		}
		try (QwenEngine engine = QwenEngine.open(model)) {
			ChatPrompt chat = prompt != null ? engine.chatTemplate().render(system, prompt)
					: new ChatPrompt(Arguments.parseIds(idsText, "token-ids"), 0);
			checkIds(chat.ids(), engine);
			GenerationRequest request = new GenerationRequest(chat.ids(), 0, GenerationSettings.greedy(maxNew), 0);
			GenerationResult result = engine.generator().generate(List.of(request)).get(0);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("token_ids", result.tokenIds());
			if (prompt != null) {
				this.out.println(result.text());
				json.put("text", result.text());
				json.put("prompt_token_ids", chat.ids());
			}
			json.put("stop_reason", result.stopReason().name().toLowerCase(java.util.Locale.ROOT));
			JsonOutput.print(this.out, json);
		}
	}

	private void score(Arguments args) {
		String model = args.required("model");
		int[] ids = Arguments.parseIds(args.required("token-ids"), "token-ids");
		List<int[]> candidates = new ArrayList<>();
		for (String candidate : args.required("candidates").split(";")) {
			candidates.add(Arguments.parseIds(candidate, "candidates"));
		}
		args.rejectUnknown();
		try (QwenEngine engine = QwenEngine.open(model)) {
			checkIds(ids, engine);
			candidates.forEach((c) -> checkIds(c, engine));
			double[] logProbs = engine.labelScorer().score(new int[][] { ids }, new int[] { 0 }, candidates).get(0).logProbs();
			JsonOutput.print(this.out, Map.of("logprobs", logProbs));
		}
	}

	private static void checkIds(int[] ids, QwenEngine engine) {
		int vocab = engine.config().vocabSize();
		Arrays.stream(ids).filter((id) -> id < 0 || id >= vocab).findFirst().ifPresent((id) -> {
			throw new UsageException("token id " + id + " is outside the model's vocabulary [0, " + vocab + ")");
		});
	}

	private static <T> T parse(java.util.function.Supplier<T> parser) {
		try {
			return parser.get();
		}
		catch (IllegalArgumentException | com.qwenbatch.llm.model.ModelLoadException ex) {
			throw new UsageException(ex.getMessage());
		}
	}

}
