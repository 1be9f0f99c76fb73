package com.qwenbatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.qwenbatch.llm.ChatFormat;
import com.qwenbatch.llm.Diagnostics;
import com.qwenbatch.prompt.LabelValue;
import com.qwenbatch.prompt.RenderedPrompt;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * {@code prompts list | render}: the tasks found in the prompts folder, and the exact
 * ChatML text and token count the model will see for a comment. Needs only a tokenizer,
 * never weights.
 */
public final class PromptsCommand {

	static final CommandSpec LIST = CommandSpec.of("prompts list", "list the tasks in the prompts folder")
		.promptsOption("the task YAML folder")
		.example("prompts list");

	static final CommandSpec RENDER = CommandSpec
		.of("prompts render", "show the exact ChatML text and token count the model sees for a comment")
		.usage("prompts render --task NAME --text TEXT [options]")
		.option("task", "NAME", null, "the task (sentiment, reply, summary …)")
		.option("text", "TEXT", null, "the comment")
		.option("language", "auto|zh|en", "auto", "prompt language")
		.promptsOption("the task YAML folder")
		.option("model", "MODEL", "the bundled Qwen tokenizer", "use this model's chat template")
		.example("prompts render --task sentiment --text \"物流很快\"");

	private final PrintStream out;

	public PromptsCommand(PrintStream out) {
		this.out = out;
	}

	public void run(List<String> words) {
		if (words.isEmpty()) {
			throw new UsageException("prompts needs a subcommand: list or render");
		}
		CommandSpec spec = switch (words.get(0)) {
			case "list" -> LIST;
			case "render" -> RENDER;
			default -> throw new UsageException("unknown prompts subcommand '" + words.get(0) + "' (list or render)");
		};
		Arguments args = new Arguments(words.subList(1, words.size()), spec);
		TaskCatalog catalog = TaskCatalog.fromOption(args.optional("prompts", null));
		if (spec == LIST) {
			list(args, catalog);
		}
		else {
			render(args, catalog);
		}
	}

	private void list(Arguments args, TaskCatalog catalog) {
		args.rejectUnknown();
		List<Map<String, Object>> tasks = catalog.all().stream().map((t) -> {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("name", t.name());
			json.put("output", t.type().name().toLowerCase(java.util.Locale.ROOT));
			json.put("version", t.version());
			json.put("languages", List.copyOf(t.variants().keySet()));
			json.put("labels", t.labelValues());
			json.put("max_tokens", t.constraints().maxTokens());
			json.put("file", t.source());
			this.out.printf("%-10s %-5s %s  %s  %s%n", t.name(), json.get("output"), t.version(), t.variants().keySet(),
					t.description());
			return json;
		}).toList();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("prompts", catalog.folder());
		json.put("tasks", tasks);
		JsonOutput.print(this.out, json);
	}

	private void render(Arguments args, TaskCatalog catalog) {
		TaskDefinition task = catalog.get(args.required("task"));
		String text = args.required("text");
		String requested = args.get("language");
		String model = args.optional("model", null);
		args.rejectUnknown();
		String language = task.languageFor(text, requested);
		RenderedPrompt rendered = task.render(text, language);
		Map<String, Object> json = new LinkedHashMap<>();
		try (ChatFormat format = ChatFormat.of(model)) {
			Diagnostics.ChatIds chat = format.render(rendered.system(), rendered.user());
			String chatMl = format.decode(chat.ids());
			this.out.println(chatMl);
			json.put("task", task.name());
			json.put("language", language);
			json.put("version", task.version());
			json.put("tokens", chat.ids().length);
			json.put("shared_prefix_tokens", chat.sharedPrefixLength());
			json.put("chatml", chatMl);
			if (!task.labels().isEmpty()) {
				Map<String, Object> answers = new LinkedHashMap<>();
				for (LabelValue label : task.labels()) {
					answers.put(label.value(), format.encode(label.answer(language)));
				}
				json.put("label_answer_ids", answers);
			}
		}
		JsonOutput.print(this.out, json);
	}

}
