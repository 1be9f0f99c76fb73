package com.qwenbatch.llm;

import com.qwenbatch.llm.generate.Generator;
import com.qwenbatch.llm.generate.LabelScorer;
import com.qwenbatch.llm.generate.PrefixCache;
import com.qwenbatch.llm.model.QwenConfig;
import com.qwenbatch.llm.model.QwenModel;
import com.qwenbatch.llm.tokenizer.QwenTokenizer;

/**
 * For the engine's own tests (llm.generate, llm.model): the parts a loaded engine is made
 * of. The facade itself hands out none of them; this class lives in its package among the
 * tests only.
 */
public final class EngineInternals {

	private EngineInternals() {
	}

	public static QwenModel model(QwenEngine engine) {
		return engine.model();
	}

	public static QwenConfig config(QwenEngine engine) {
		return engine.model().config();
	}

	public static QwenTokenizer tokenizer(QwenEngine engine) {
		return engine.tokenizer();
	}

	public static Generator generator(QwenEngine engine) {
		return engine.generator();
	}

	public static LabelScorer labelScorer(QwenEngine engine) {
		return engine.labelScorer();
	}

	public static PrefixCache prefixes(QwenEngine engine) {
		return engine.prefixes();
	}

}
