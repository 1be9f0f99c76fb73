package com.qwenbatch.analysis;

import java.nio.file.Path;

import com.qwenbatch.llm.generate.GenerationSettings;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskRunnerTest {

	private final TaskDefinition summary = TaskCatalog.load(Path.of("prompts")).get("summary");

	@Test
	void aTaskGeneratesUnderItsOwnConstraints() {
		GenerationSettings settings = TaskRunner.settingsFor(this.summary, 0, false);
		assertThat(settings.maxNewTokens()).isEqualTo(this.summary.constraints().maxTokens());
		assertThat(settings.stopStrings()).isEqualTo(this.summary.constraints().stop()).isNotEmpty();
		assertThat(settings.temperature()).isEqualTo(this.summary.constraints().temperature());
		assertThat(settings.ignoreEos()).isFalse();
	}

	@Test
	void exactLengthForBenchmarksIgnoresEndOfTextAndStopStrings() {
		GenerationSettings settings = TaskRunner.settingsFor(this.summary, 7, true);
		assertThat(settings.maxNewTokens()).isEqualTo(7);
		assertThat(settings.stopStrings()).isEmpty();
		assertThat(settings.ignoreEos()).isTrue();
	}

}
