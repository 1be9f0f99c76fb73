package com.qwenbatch.job;

import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's or worker's --decode-slots reaches the models it loads, each loaded once. */
class LoadedModelsTest {

	@Test
	void modelsAreLoadedOnceWithTheGivenDecodeSlots() {
		String tiny = TestModels.tiny(Architecture.QWEN2).toString();
		try (LoadedModels models = new LoadedModels(3)) {
			LanguageModel model = models.get(tiny, "tiny", Precision.F32);
			assertThat(((QwenEngine) model).decodeSlots()).isEqualTo(3);
			assertThat(models.get(tiny, "tiny", Precision.F32)).isSameAs(model);
		}
	}

}
