package com.qwenbatch.llm.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * Qwen's ChatML template, built as ids the way the Jinja template renders it:
 * {@code <|im_start|>role\ncontent<|im_end|>\n} per turn, then
 * {@code <|im_start|>assistant\n}. Control tokens are inserted as ids; message contents
 * are encoded as text only. Qwen1.5/2/2.5 templates add a default system turn when none
 * is given; we read that default from the checkpoint's {@code tokenizer_config.json}.
 */
public final class ChatTemplate {

	private static final Pattern DEFAULT_SYSTEM = Pattern
		.compile("<\\|im_start\\|>system\\\\n([^'\"{}]*?)<\\|im_end\\|>");

	private final QwenTokenizer tokenizer;

	private final Optional<String> defaultSystem;

	public ChatTemplate(QwenTokenizer tokenizer, Optional<String> defaultSystem) {
		this.tokenizer = tokenizer;
		this.defaultSystem = defaultSystem;
	}

	public static ChatTemplate forCheckpoint(QwenTokenizer tokenizer, Path tokenizerConfigJson) {
		return new ChatTemplate(tokenizer, readDefaultSystem(tokenizerConfigJson));
	}

	static Optional<String> readDefaultSystem(Path tokenizerConfigJson) {
		if (!Files.exists(tokenizerConfigJson)) {
			return Optional.empty();
		}
		try {
			String template = JsonMapper.builder()
				.build()
				.readTree(Files.readString(tokenizerConfigJson))
				.path("chat_template")
				.asString("");
			Matcher m = DEFAULT_SYSTEM.matcher(template);
			return m.find() ? Optional.of(m.group(1).replace("\\n", "\n")) : Optional.empty();
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	public QwenTokenizer tokenizer() {
		return this.tokenizer;
	}

	/** Renders turns plus the assistant generation prompt. */
	public ChatPrompt render(List<ChatMessage> messages) {
		return render(messages, 0);
	}

	/**
	 * As {@link #render(List)}, where the last turn's first {@code fixedLastChars} chars
	 * are fixed text (the same for every row): their tokens join the shareable prefix, up
	 * to where the row's own text changes the tokenization.
	 */
	public ChatPrompt render(List<ChatMessage> messages, int fixedLastChars) {
		List<ChatMessage> turns = new ArrayList<>(messages);
		if (turns.isEmpty() || !turns.get(0).role().equals("system")) {
			this.defaultSystem.ifPresent((s) -> turns.add(0, ChatMessage.system(s)));
		}
		int imStart = this.tokenizer.controlId(QwenTokenizer.IM_START);
		int imEnd = this.tokenizer.controlId(QwenTokenizer.IM_END);
		IdList ids = new IdList();
		int sharedPrefix = 0;
		for (int i = 0; i < turns.size(); i++) {
			ChatMessage turn = turns.get(i);
			ids.add(imStart);
			if (i == turns.size() - 1) {
				sharedPrefix = ids.size();
			}
			int[] content = this.tokenizer.encodeText(turn.role() + "\n" + turn.content());
			if (i == turns.size() - 1 && fixedLastChars > 0) {
				int[] fixed = this.tokenizer
					.encodeText(turn.role() + "\n" + turn.content().substring(0, fixedLastChars));
				int mismatch = java.util.Arrays.mismatch(content, fixed);
				sharedPrefix += mismatch < 0 ? content.length : mismatch;
			}
			ids.addAll(content);
			ids.add(imEnd);
			ids.addAll(this.tokenizer.encodeText("\n"));
		}
		ids.add(imStart);
		ids.addAll(this.tokenizer.encodeText("assistant\n"));
		return new ChatPrompt(ids.toArray(), sharedPrefix);
	}

	public ChatPrompt render(String system, String user) {
		return render(system, user, 0);
	}

	/**
	 * A system turn (null: the checkpoint's default) and a user turn starting with fixed
	 * text.
	 */
	public ChatPrompt render(String system, String user, int fixedUserChars) {
		List<ChatMessage> turns = new ArrayList<>();
		if (system != null) {
			turns.add(ChatMessage.system(system));
		}
		turns.add(ChatMessage.user(user));
		return render(turns, fixedUserChars);
	}

	private static final class IdList {

		private int[] values = new int[64];

		private int size;

		void add(int id) {
			if (this.size == this.values.length) {
				this.values = java.util.Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = id;
		}

		void addAll(int[] ids) {
			for (int id : ids) {
				add(id);
			}
		}

		int size() {
			return this.size;
		}

		int[] toArray() {
			return java.util.Arrays.copyOf(this.values, this.size);
		}

	}

}
