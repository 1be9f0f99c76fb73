package com.qwenbatch.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.generate.Generator;
import com.qwenbatch.llm.generate.LabelScorer;
import com.qwenbatch.llm.generate.PrefixCache;
import com.qwenbatch.llm.model.CheckpointFiles;
import com.qwenbatch.llm.model.ModelLoadException;
import com.qwenbatch.llm.model.ModelLocator;
import com.qwenbatch.llm.model.QwenConfig;
import com.qwenbatch.llm.model.QwenModel;
import com.qwenbatch.llm.model.SequenceForward;
import com.qwenbatch.llm.model.WeightLoader;
import com.qwenbatch.llm.tokenizer.ChatTemplate;
import com.qwenbatch.llm.tokenizer.QwenTokenizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loaded checkpoint with everything needed to use it: model, tokenizer, chat template,
 * generator, label scorer and the shared-prefix cache. Load once per process.
 */
public final class QwenEngine implements AutoCloseable {

	private final String modelId;

	private final QwenModel model;

	private final QwenTokenizer tokenizer;

	private final ChatTemplate chatTemplate;

	private final PrefixCache prefixes;

	private final Generator generator;

	private final LabelScorer labelScorer;

	private QwenEngine(String modelId, QwenModel model, QwenTokenizer tokenizer, ChatTemplate chatTemplate,
			Set<Integer> eosIds) {
		this.modelId = modelId;
		this.model = model;
		this.tokenizer = tokenizer;
		this.chatTemplate = chatTemplate;
		this.prefixes = new PrefixCache(model);
		this.generator = new Generator(model, tokenizer, eosIds, this.prefixes);
		this.labelScorer = new LabelScorer(model, this.prefixes);
	}

	/** Loads from a checkpoint directory or a Hugging Face repo id in the local cache. */
	public static QwenEngine open(String model) {
		Path directory = ModelLocator.system().resolve(model);
		CheckpointFiles checkpoint = CheckpointFiles.open(directory);
		QwenTokenizer tokenizer = QwenTokenizer.load(checkpoint.tokenizerJson());
		NDManager manager = DjlRuntime.newBaseManager();
		try {
			QwenModel qwen = new QwenModel(checkpoint.config(), WeightLoader.load(checkpoint, manager));
			ChatTemplate template = ChatTemplate.forCheckpoint(tokenizer, checkpoint.tokenizerConfigJson());
			return new QwenEngine(model, qwen, tokenizer, template, eosIds(checkpoint, tokenizer));
		}
		catch (RuntimeException ex) {
			manager.close();
			tokenizer.close();
			throw ex;
		}
	}

	/** End-of-sequence ids: generation_config.json's, else config.json's, plus ChatML's im_end. */
	static Set<Integer> eosIds(CheckpointFiles checkpoint, QwenTokenizer tokenizer) {
		Set<Integer> ids = new LinkedHashSet<>();
		for (Path file : new Path[] { checkpoint.generationConfigJson(), checkpoint.directory().resolve("config.json") }) {
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

	public String modelId() {
		return this.modelId;
	}

	public QwenConfig config() {
		return this.model.config();
	}

	public QwenModel model() {
		return this.model;
	}

	public QwenTokenizer tokenizer() {
		return this.tokenizer;
	}

	public ChatTemplate chatTemplate() {
		return this.chatTemplate;
	}

	public Generator generator() {
		return this.generator;
	}

	public LabelScorer labelScorer() {
		return this.labelScorer;
	}

	public PrefixCache prefixes() {
		return this.prefixes;
	}

	/** Next-token logits after the last of {@code ids}, from a full forward without reuse. */
	public float[] lastLogits(int[] ids) {
		return SequenceForward.logits(this.model, ids, new int[] { ids.length - 1 })[0];
	}

	@Override
	public void close() {
		this.prefixes.close();
		this.model.close();
		this.tokenizer.close();
	}

}
