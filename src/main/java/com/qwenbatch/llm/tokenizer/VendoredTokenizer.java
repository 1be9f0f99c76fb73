package com.qwenbatch.llm.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

import com.qwenbatch.llm.model.Architecture;

/**
 * The Qwen BPE tokenizer shipped inside the jar (see qwen-tokenizer/NOTICE.txt), written
 * next to random-weight checkpoints together with a tokenizer_config.json carrying the
 * family's template.
 */
public final class VendoredTokenizer {

	private static final String RESOURCE_DIR = "/qwen-tokenizer/";

	/** Qwen1.5 / Qwen2's chat template: it adds a default system turn. */
	static final String QWEN2_CHAT_TEMPLATE = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
			+ "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}"
			+ "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
			+ "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

	private VendoredTokenizer() {
	}

	public static void writeTo(Path directory, Architecture architecture) {
		try {
			copyGunzipped("tokenizer.json.gz", directory.resolve("tokenizer.json"));
			Path config = directory.resolve("tokenizer_config.json");
			if (architecture == Architecture.QWEN3) {
				copyGunzipped("tokenizer_config.qwen3.json.gz", config);
			}
			else {
				String json = tools.jackson.databind.json.JsonMapper.builder()
					.build()
					.writeValueAsString(java.util.Map.of("tokenizer_class", "Qwen2Tokenizer", "eos_token", "<|im_end|>",
							"pad_token", "<|endoftext|>", "model_max_length", 32768, "chat_template",
							QWEN2_CHAT_TEMPLATE));
				Files.writeString(config, json);
			}
			try (InputStream notice = resource("NOTICE.txt")) {
				Files.copy(notice, directory.resolve("TOKENIZER-NOTICE.txt"), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the vendored tokenizer to " + directory, ex);
		}
	}

	/**
	 * The vendored tokenizer with Qwen1.5's chat template, for tools that need no
	 * weights.
	 */
	public static ChatTemplate loadTemplate() {
		try {
			Path dir = Files.createTempDirectory("qwen-tokenizer");
			writeTo(dir, Architecture.QWEN2);
			ChatTemplate template = ChatTemplate.forCheckpoint(QwenTokenizer.load(dir.resolve("tokenizer.json")),
					dir.resolve("tokenizer_config.json"));
			for (String name : new String[] { "tokenizer.json", "tokenizer_config.json", "TOKENIZER-NOTICE.txt" }) {
				Files.deleteIfExists(dir.resolve(name));
			}
			Files.deleteIfExists(dir);
			return template;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot unpack the vendored tokenizer", ex);
		}
	}

	/**
	 * The tokenizer and chat template of a checkpoint directory (no weights are read).
	 */
	public static ChatTemplate loadTemplate(Path checkpoint) {
		return ChatTemplate.forCheckpoint(QwenTokenizer.load(checkpoint.resolve("tokenizer.json")),
				checkpoint.resolve("tokenizer_config.json"));
	}

	private static void copyGunzipped(String name, Path target) throws IOException {
		try (InputStream in = new GZIPInputStream(resource(name))) {
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static InputStream resource(String name) throws IOException {
		InputStream in = VendoredTokenizer.class.getResourceAsStream(RESOURCE_DIR + name);
		if (in == null) {
			throw new IOException("resource " + RESOURCE_DIR + name + " missing from the jar");
		}
		return in;
	}

}
