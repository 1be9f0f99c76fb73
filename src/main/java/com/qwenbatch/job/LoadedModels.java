package com.qwenbatch.job;

import java.util.HashMap;
import java.util.Map;

import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.PrecisionChoice;
import com.qwenbatch.llm.QwenEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Loads each model once per process (loading takes seconds; a run uses one model). */
@Component
public class LoadedModels implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LoadedModels.class);

	/** The property with each model's decode slots ({@code --decode-slots}). */
	public static final String DECODE_SLOTS = "qwen-batch.decode-slots";

	private final Map<String, LanguageModel> models = new HashMap<>();

	private final int decodeSlots;

	public LoadedModels(@Value("${" + DECODE_SLOTS + ":" + QwenEngine.DEFAULT_DECODE_SLOTS + "}") int decodeSlots) {
		this.decodeSlots = decodeSlots;
	}

	/**
	 * The model in {@code modelDirectory}, reported as {@code modelId} (e.g. "demo" or a
	 * repo id).
	 */
	public synchronized LanguageModel get(String modelDirectory, String modelId, Precision precision) {
		PrecisionChoice choice = PrecisionChoice.of(precision);
		return this.models.computeIfAbsent(modelDirectory + "\u0000" + modelId + "\u0000" + choice.chosen(), (key) -> {
			QwenEngine engine = QwenEngine.open(modelDirectory, modelId, choice.chosen(), this.decodeSlots);
			if (choice.nativeOnThisCpu()) {
				log.info("model {} loaded, {} weights, {} decode slots", modelId, choice.label(), this.decodeSlots);
			}
			else {
				log.warn("model {}: {}: this CPU has no BF16 instructions, so it runs emulated (correct, slower)",
						modelId, choice.label());
			}
			return engine;
		});
	}

	@Override
	public synchronized void close() {
		this.models.values().forEach(LanguageModel::close);
		this.models.clear();
	}

}
