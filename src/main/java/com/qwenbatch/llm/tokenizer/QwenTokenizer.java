package com.qwenbatch.llm.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.qwenbatch.llm.model.ModelLoadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkpoint's byte-level BPE tokenizer (DJL's Hugging Face binding, truncation off)
 * plus the one rule that keeps untrusted text in its place: text is split around every
 * added token ({@code <|im_start|>}, {@code <|im_end|>}, ...) and those literals are
 * encoded as ordinary characters, so a comment can never produce a control id.
 */
public final class QwenTokenizer implements AutoCloseable {

	public static final String IM_START = "<|im_start|>";

	public static final String IM_END = "<|im_end|>";

	public static final String END_OF_TEXT = "<|endoftext|>";

	private final HuggingFaceTokenizer tokenizer;

	private final Map<String, Integer> addedTokens;

	private final Pattern addedTokenPattern;

	private QwenTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Integer> addedTokens) {
		this.tokenizer = tokenizer;
		this.addedTokens = addedTokens;
		this.addedTokenPattern = Pattern.compile(addedTokens.keySet()
			.stream()
			.sorted(Comparator.comparingInt(String::length).reversed())
			.map(Pattern::quote)
			.collect(Collectors.joining("|")));
	}

	public static QwenTokenizer load(Path tokenizerJson) {
		if (!Files.exists(tokenizerJson)) {
			throw new ModelLoadException("missing " + tokenizerJson + " (the checkpoint's Hugging Face tokenizer)");
		}
		try {
			Map<String, String> options = Map.of("truncation", "false", "padding", "false", "addSpecialTokens",
					"false");
			HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
			return new QwenTokenizer(tokenizer, readAddedTokens(tokenizerJson));
		}
		catch (IOException | RuntimeException ex) {
			throw new ModelLoadException(tokenizerJson + ": cannot load tokenizer: " + ex.getMessage(), ex);
		}
	}

	private static Map<String, Integer> readAddedTokens(Path tokenizerJson) throws IOException {
		Map<String, Integer> added = new HashMap<>();
		try (InputStream in = Files.newInputStream(tokenizerJson)) {
			JsonNode root = JsonMapper.builder().build().readTree(in);
			for (JsonNode token : root.path("added_tokens")) {
				added.put(token.path("content").asString(), token.path("id").asInt());
			}
		}
		for (String required : List.of(IM_START, IM_END, END_OF_TEXT)) {
			if (!added.containsKey(required)) {
				throw new ModelLoadException(
						tokenizerJson + ": not a Qwen chat tokenizer (no added token " + required + ")");
			}
		}
		return added;
	}

	/** The id of an added (control) token such as {@code <|im_end|>}. */
	public int controlId(String token) {
		Integer id = this.addedTokens.get(token);
		if (id == null) {
			throw new IllegalArgumentException("unknown control token " + token);
		}
		return id;
	}

	public boolean isControlId(int id) {
		return this.addedTokens.containsValue(id);
	}

	/**
	 * Encodes text that must stay text: every added-token literal inside it becomes
	 * ordinary BPE tokens. Everything a user or a data file supplies goes through here.
	 */
	public int[] encodeText(String text) {
		List<Integer> ids = new ArrayList<>();
		Matcher matcher = this.addedTokenPattern.matcher(text);
		int from = 0;
		while (matcher.find()) {
			appendPlain(ids, text.substring(from, matcher.start()));
			// "<|im_end|>" -> "<" + "|im_end|>": neither half is an added token, so both
			// stay text.
			appendPlain(ids, matcher.group().substring(0, 1));
			appendPlain(ids, matcher.group().substring(1));
			from = matcher.end();
		}
		appendPlain(ids, text.substring(from));
		int[] out = ids.stream().mapToInt(Integer::intValue).toArray();
		for (int id : out) {
			if (isControlId(id)) {
				throw new IllegalStateException("text encoded to control id " + id + "; refusing to continue");
			}
		}
		return out;
	}

	private void appendPlain(List<Integer> ids, String piece) {
		if (piece.isEmpty()) {
			return;
		}
		for (long id : this.tokenizer.encode(piece, false, false).getIds()) {
			ids.add((int) id);
		}
	}

	/**
	 * Decodes ids to text; control tokens are dropped when {@code skipControl} is set.
	 */
	public String decode(int[] ids, boolean skipControl) {
		long[] longs = new long[ids.length];
		for (int i = 0; i < ids.length; i++) {
			longs[i] = ids[i];
		}
		return this.tokenizer.decode(longs, skipControl);
	}

	@Override
	public void close() {
		this.tokenizer.close();
	}

}
