package com.qwenbatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.qwenbatch.llm.Diagnostics;
import com.qwenbatch.llm.GenerationOptions;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.RandomCheckpoint;

/**
 * {@code model init-random | logits | generate | score}: the engine's fixed command-line
 * contract. Progress goes to stderr; the last line of stdout is the JSON result.
 */
public final class ModelCommand {

	static final CommandSpec INIT_RANDOM = CommandSpec
		.of("model init-random",
				"write a checkpoint with random weights in the Hugging Face layout (for tests and benchmarks)")
		.usage("model init-random --out DIR [options]")
		.option("out", "DIR", null, "the folder to write (must be empty or new, unless --force)")
		.option("shape", "tiny|qwen1.5-0.5b", "tiny", "the model's size")
		.option("arch", "qwen2|qwen3", "qwen2", "the architecture")
		.option("dtype", "f32|bf16|f16", "f32", "the weights' type on disk")
		.option("seed", "N", "0", "the random seed")
		.option("shards", "N", "1", "safetensors files to split the weights into")
		.flag("untied", "a separate lm_head instead of the tied embedding")
		.flag("force", "write into a folder that is not empty")
		.example("model init-random --shape qwen1.5-0.5b --arch qwen2 --dtype f32 --seed 1 --out /tmp/q05");

	static final CommandSpec LOGITS = CommandSpec
		.of("model logits", "the highest next-token logits after the given token ids")
		.usage("model logits --model MODEL --token-ids IDS [--top 20]")
		.option("model", "MODEL", null, "a checkpoint folder, a repo id, or demo")
		.option("token-ids", "IDS", null, "comma-separated token ids, e.g. 151644,8948,198")
		.option("top", "N", "20", "how many logits to print, highest first")
		.precisionOption("f32")
		.example("model logits --model demo --token-ids 151644,8948,198 --top 5");

	static final CommandSpec GENERATE = CommandSpec
		.of("model generate", "greedy generation from token ids or from a chat prompt")
		.usage("model generate --model MODEL (--token-ids IDS | --prompt TEXT [--system TEXT]) [options]")
		.option("model", "MODEL", null, "a checkpoint folder, a repo id, or demo")
		.option("token-ids", "IDS", null, "comma-separated token ids")
		.option("prompt", "TEXT", null, "a user message, put through the chat template")
		.option("system", "TEXT", null, "the system message for --prompt")
		.option("max-new-tokens", "N", "32", "tokens to generate at most")
		.precisionOption("f32")
		.example("model generate --model demo --prompt \"你好\"");

	static final CommandSpec SCORE = CommandSpec
		.of("model score", "the log-probability of each candidate continuation after the given token ids")
		.usage("model score --model MODEL --token-ids IDS --candidates \"a,b;c\"")
		.option("model", "MODEL", null, "a checkpoint folder, a repo id, or demo")
		.option("token-ids", "IDS", null, "comma-separated token ids of the prompt")
		.option("candidates", "IDS;IDS", null, "candidates as token ids, separated by ';'")
		.precisionOption("f32")
		.example("model score --model demo --token-ids 151644,8948,198 --candidates \"100,101;102\"");

	private final PrintStream out;

	public ModelCommand(PrintStream out) {
		this.out = out;
	}

	public void run(List<String> words) {
		if (words.isEmpty()) {
			throw new UsageException("model needs a subcommand: init-random, logits, generate or score");
		}
		List<String> rest = words.subList(1, words.size());
		switch (words.get(0)) {
			case "init-random" -> initRandom(new Arguments(rest, INIT_RANDOM));
			case "logits" -> logits(new Arguments(rest, LOGITS));
			case "generate" -> generate(new Arguments(rest, GENERATE));
			case "score" -> score(new Arguments(rest, SCORE));
			default -> throw new UsageException(
					"unknown model subcommand '" + words.get(0) + "' (init-random, logits, generate or score)");
		}
	}

	private void initRandom(Arguments args) {
		String shape = args.get("shape");
		String arch = args.get("arch");
		String dtype = args.get("dtype");
		long seed = args.longInteger("seed", Long.MIN_VALUE, Long.MAX_VALUE);
		int shards = args.integer("shards", 1, 1000);
		boolean untied = args.flag("untied");
		Path dir = Path.of(args.required("out"));
		boolean force = args.flag("force");
		args.rejectUnknown();
		if (!force && isNonEmptyFolder(dir)) {
			throw new UsageException(
					"--out " + dir + " is not empty: pick a new folder, or add --force to write into it");
		}
		RandomCheckpoint.Written written;
		try {
			written = RandomCheckpoint.write(shape, arch, dtype, seed, shards, !untied, dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write checkpoint to " + dir, ex);
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("out", dir.toAbsolutePath().toString());
		json.put("shape", written.shape());
		json.put("arch", written.arch());
		json.put("dtype", written.dtype());
		json.put("seed", seed);
		json.put("shards", shards);
		JsonOutput.print(this.out, json);
	}

	private void logits(Arguments args) {
		String model = args.required("model");
		int[] ids = Arguments.parseIds(args.required("token-ids"), "token-ids");
		int top = args.integer("top", 1, 1_000_000);
		Precision precision = args.precision();
		args.rejectUnknown();
		try (QwenEngine engine = QwenEngine.open(model, precision)) {
			checkIds(ids, engine);
			float[] logits = engine.diagnostics().lastLogits(ids);
			List<Map<String, Object>> entries = IntStream.range(0, logits.length)
				.boxed()
				.sorted(Comparator.comparingDouble((Integer i) -> -logits[i]).thenComparingInt((i) -> i))
				.limit(top)
				.map((i) -> {
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("id", i);
					entry.put("logit", logits[i]);
					return entry;
				})
				.toList();
			JsonOutput.print(this.out, Map.of("top", entries));
		}
	}

	private void generate(Arguments args) {
		String model = args.required("model");
		int maxNew = args.integer("max-new-tokens", 1, 100_000);
		String idsText = args.optional("token-ids", null);
		String prompt = args.optional("prompt", null);
		String system = args.optional("system", null);
		Precision precision = args.precision();
		args.rejectUnknown();
		if ((idsText == null) == (prompt == null)) {
			throw new UsageException("model generate needs exactly one of --token-ids or --prompt");
		}
		try (QwenEngine engine = QwenEngine.open(model, precision)) {
			int[] ids = prompt != null ? engine.diagnostics().chat(system, prompt).ids()
					: Arguments.parseIds(idsText, "token-ids");
			checkIds(ids, engine);
			Diagnostics.Generated result = engine.diagnostics().generate(ids, 0, GenerationOptions.greedy(maxNew), 0);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("token_ids", result.tokenIds());
			if (prompt != null) {
				this.out.println(result.text());
				json.put("text", result.text());
				json.put("prompt_token_ids", ids);
			}
			json.put("stop_reason", result.stopReason());
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
		Precision precision = args.precision();
		args.rejectUnknown();
		try (QwenEngine engine = QwenEngine.open(model, precision)) {
			checkIds(ids, engine);
			candidates.forEach((c) -> checkIds(c, engine));
			double[] logProbs = engine.diagnostics().score(ids, candidates);
			JsonOutput.print(this.out, Map.of("logprobs", logProbs));
		}
	}

	private static boolean isNonEmptyFolder(Path dir) {
		if (!Files.isDirectory(dir)) {
			return Files.exists(dir);
		}
		try (var entries = Files.list(dir)) {
			return entries.findAny().isPresent();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + dir, ex);
		}
	}

	private static void checkIds(int[] ids, QwenEngine engine) {
		int vocab = engine.diagnostics().vocabularySize();
		Arrays.stream(ids).filter((id) -> id < 0 || id >= vocab).findFirst().ifPresent((id) -> {
			throw new UsageException("token id " + id + " is outside the model's vocabulary [0, " + vocab + ")");
		});
	}

}
