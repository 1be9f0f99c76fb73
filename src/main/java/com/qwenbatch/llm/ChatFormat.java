package com.qwenbatch.llm;

import java.nio.file.Path;

import com.qwenbatch.llm.model.ModelLoadException;
import com.qwenbatch.llm.tokenizer.ChatPrompt;
import com.qwenbatch.llm.tokenizer.ChatTemplate;
import com.qwenbatch.llm.tokenizer.VendoredTokenizer;

/**
 * A model's tokenizer and chat template without its weights: what {@code prompts render}
 * shows, the exact text and token ids the model would see.
 */
public final class ChatFormat implements AutoCloseable {

	private final ChatTemplate template;

	private ChatFormat(ChatTemplate template) {
		this.template = template;
	}

	/**
	 * The bundled Qwen tokenizer, or, for a model name (see {@link ModelFiles#locate}),
	 * that model's.
	 */
	public static ChatFormat of(String model) {
		if (model == null) {
			return new ChatFormat(VendoredTokenizer.loadTemplate());
		}
		try {
			return new ChatFormat(VendoredTokenizer.loadTemplate(Path.of(ModelFiles.locate(model))));
		}
		catch (ModelLoadException ex) {
			throw new ModelException(ex.getMessage(), ex);
		}
	}

	public Diagnostics.ChatIds render(String system, String user) {
		ChatPrompt chat = this.template.render(system, user);
		return new Diagnostics.ChatIds(chat.ids(), chat.sharedPrefixLength());
	}

	/** The text of token ids, control tokens written out. */
	public String decode(int[] ids) {
		return this.template.tokenizer().decode(ids, false);
	}

	/** Token ids of plain text, as in a user turn. */
	public int[] encode(String text) {
		return this.template.tokenizer().encodeText(text);
	}

	@Override
	public void close() {
		this.template.tokenizer().close();
	}

}
