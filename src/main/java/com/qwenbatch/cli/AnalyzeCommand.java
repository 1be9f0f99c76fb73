package com.qwenbatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.analysis.AnalysisPlan;
import com.qwenbatch.analysis.FollowUpRule;
import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.ControlCharacters;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.prompt.TaskCatalog;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code analyze}: one comment from {@code --text}, or one per line from stdin, through
 * exactly the job's path (the same analyzer, prompts and batching), one JSON line per
 * comment, in input order. Nothing is written to any database.
 */
final class AnalyzeCommand {

	static final CommandSpec SPEC = CommandSpec
		.of("analyze",
				"try one comment, or pipe many through the model: sentiment with every label's probability,"
						+ " then the task's output, one JSON line each; nothing is stored")
		.usage("analyze --text TEXT [options]    or    analyze [--jsonl] [options] < comments.txt > out.jsonl")
		.option("text", "TEXT", null, "the comment; without it, one comment per line is read from stdin")
		.flag("jsonl", "stdin lines are JSON objects {\"id\":…,\"text\":…} (else plain text, one comment a line)")
		.option("task", "NAME", "reply", "after sentiment: reply, summary, intent, none, or any task in --prompts")
		.option("model", "MODEL", RunCommand.DEFAULT_MODEL, "a checkpoint folder, a Hugging Face repo id, or demo")
		.promptsOption("the task YAML folder")
		.option("language", "auto|zh|en", "auto", "prompt language")
		.option("labels", "TASK,...", null, "extra label tasks scored with sentiment, e.g. topic, as in run")
		.option(TaskWhenOption.NAME, "LABEL,...", "every row", TaskWhenOption.DESCRIPTION)
		.precisionOption("auto")
		.option("batch-size", "N", "96", "comments per model batch (stdin), as in run")
		.decodeSlotsOption()
		.option("max-new-tokens", "N", "the task's max_tokens (32 with --model demo)",
				"cap on the task's output length")
		.option("max-chars", "N", "2000", "longer comments get an error line")
		.example("analyze --text \"这个产品太差劲了，完全不推荐！\" --task reply")
		.example("analyze --jsonl --task none < comments.jsonl > sentiments.jsonl");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final InputStream in;

	private final PrintStream out;

	AnalyzeCommand(InputStream in, PrintStream out) {
		this.in = in;
		this.out = out;
	}

	int run(List<String> words) {
		Arguments args = new Arguments(words, SPEC);
		String text = args.get("text");
		boolean jsonl = args.flag("jsonl");
		String task = args.get("task");
		String model = args.get("model");
		String language = args.get("language");
		int batchSize = args.integer("batch-size", 1, 256);
		int maxChars = args.integer("max-chars", 1, 100_000);
		Precision precision = args.precision();
		int decodeSlots = DecodeSlotsOption.of(args);
		int maxNewTokens = RunCommand.maxNewTokens(args, model);
		TaskCatalog catalog = TaskCatalog.fromOption(args.optional("prompts", null));
		AnalysisPlan plan = AnalysisPlan
			.of(catalog, task, RunCommand.labelTasks(args.optional("labels", null)), language, maxNewTokens)
			.withFollowUpWhen(FollowUpRule.sentimentIn(
					TaskWhenOption.parse(args.optional(TaskWhenOption.NAME, null), catalog.sentiment(), task)));
		RunCommand.checkLanguage(language, plan);
		args.rejectUnknown();
		if (text != null && jsonl) {
			throw new UsageException("--jsonl is for stdin: leave out --text");
		}
		try (QwenEngine engine = QwenEngine.open(model, model, precision, decodeSlots)) {
			catalog.validateLabels(engine::tokenize);
			CommentAnalyzer analyzer = new CommentAnalyzer(engine, plan);
			if (text != null) {
				Input one = Input.of(1, "1", text, maxChars);
				if (one.error() != null) {
					throw new UsageException("--text: " + one.error());
				}
				Analysis analysis = analyzer.analyze(List.of(one.comment())).get(0);
				printReadable(analysis);
				JsonOutput.print(this.out, toJson(null, analysis));
				return ExitCodes.OK;
			}
			stream(analyzer, jsonl, batchSize, maxChars);
			return ExitCodes.OK;
		}
	}

	/** One input line: a comment to analyse, or why it cannot be. */
	private record Input(long line, String id, Comment comment, String error) {

		static Input of(long line, String id, String text, int maxChars) {
			String clean = ControlCharacters.strip(text == null ? "" : text).strip();
			if (clean.isEmpty()) {
				return new Input(line, id, null, "empty text");
			}
			if (clean.length() > maxChars) {
				return new Input(line, id, null,
						"text longer than " + maxChars + " characters (" + clean.length() + ")");
			}
			return new Input(line, id, new Comment("stdin", id, clean, null, null, line), null);
		}

		static Input failed(long line, String error) {
			return new Input(line, null, null, error);
		}

	}

	/**
	 * Reads stdin a batch at a time; each batch's lines are written, in input order, and
	 * flushed.
	 */
	private void stream(CommentAnalyzer analyzer, boolean jsonl, int batchSize, int maxChars) {
		BufferedReader reader = new BufferedReader(new InputStreamReader(this.in, StandardCharsets.UTF_8));
		List<Input> pending = new ArrayList<>();
		long valid = 0;
		long lineNumber = 0;
		try {
			String line;
			while ((line = reader.readLine()) != null) {
				lineNumber++;
				Input input = jsonl ? fromJson(lineNumber, line, maxChars)
						: Input.of(lineNumber, String.valueOf(lineNumber), line, maxChars);
				pending.add(input);
				valid += input.comment() != null ? 1 : 0;
				if (valid == batchSize) {
					flush(analyzer, pending, jsonl);
					valid = 0;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read stdin", ex);
		}
		flush(analyzer, pending, jsonl);
	}

	private static Input fromJson(long line, String text, int maxChars) {
		JsonNode node;
		try {
			node = JSON.readTree(text);
		}
		catch (JacksonException ex) {
			return Input.failed(line, "not a JSON object: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			return Input.failed(line, "not a JSON object");
		}
		JsonNode value = node.get("text");
		if (value == null || !value.isString()) {
			return Input.failed(line, "no \"text\" string");
		}
		JsonNode id = node.get("id");
		String rowId = id == null || id.isNull() ? String.valueOf(line) : id.isString() ? id.asString() : id.toString();
		return Input.of(line, rowId, value.asString(), maxChars);
	}

	private void flush(CommentAnalyzer analyzer, List<Input> pending, boolean withIds) {
		List<Comment> comments = pending.stream().filter((i) -> i.comment() != null).map(Input::comment).toList();
		List<Analysis> analyses = comments.isEmpty() ? List.of() : analyzer.analyze(comments);
		int next = 0;
		for (Input input : pending) {
			if (input.comment() == null) {
				Map<String, Object> error = new LinkedHashMap<>();
				error.put("line", input.line());
				if (input.id() != null && withIds) {
					error.put("id", input.id());
				}
				error.put("error", input.error());
				JsonOutput.print(this.out, error);
			}
			else {
				JsonOutput.print(this.out, toJson(withIds ? input.id() : null, analyses.get(next++)));
			}
		}
		this.out.flush();
		pending.clear();
	}

	private void printReadable(Analysis a) {
		this.out.printf("sentiment: %s (confidence %.3f)%n", a.sentiment(), a.confidence());
		StringBuilder probabilities = new StringBuilder(" ");
		a.probabilities().forEach((label, p) -> probabilities.append(String.format(" %s %.3f", label, p)));
		this.out.println(probabilities);
		a.labels()
			.forEach((name, label) -> this.out.printf("%s: %s (confidence %.3f)%n", name, label.value(),
					label.confidence()));
		if (a.output() != null) {
			this.out.println(a.task() + ": " + a.output() + (a.cut() ? " …[cut at the token limit]" : ""));
		}
		this.out.printf("(%d tokens in, %d out, %d ms, prompt version %s)%n", a.tokensIn(), a.tokensOut(),
				a.latencyMs(), a.promptVersion());
	}

	private static Map<String, Object> toJson(String id, Analysis a) {
		Map<String, Object> json = new LinkedHashMap<>();
		if (id != null) {
			json.put("id", id);
		}
		json.put("text", a.comment().text());
		json.put("sentiment", a.sentiment());
		json.put("confidence", a.confidence());
		json.put("probabilities", a.probabilities());
		json.put("output", a.output());
		json.put("stop_reason", a.stopReason());
		json.put("prompt_version", a.promptVersion());
		json.put("tokens_in", a.tokensIn());
		json.put("tokens_out", a.tokensOut());
		json.put("ms", a.latencyMs());
		if (!a.labels().isEmpty()) { // only with --labels: the line is unchanged without
			Map<String, Object> labels = new LinkedHashMap<>();
			a.labels()
				.forEach((name, label) -> labels.put(name,
						JsonOutput.fields("label", label.value(), "confidence", label.confidence())));
			json.put("labels", labels);
		}
		return json;
	}

}
