package com.qwenbatch.analysis;

import java.nio.file.Path;
import java.util.List;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.Completion;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a text task generates, on the tiny model: its own limits, or a cap.
 */
class TaskRunnerTest {

	private static QwenEngine engine;

	private final TaskDefinition summary = TaskCatalog.load(Path.of("prompts")).get("summary");

	private final List<Comment> comments = List.of(new Comment("t", "1", "物流很快，包装很好", null, null, 1),
			new Comment("t", "2", "great product, slow delivery", null, null, 2));

	@BeforeAll
	static void load() {
		engine = QwenEngine.open(TestModels.tiny(Architecture.QWEN2).toString());
	}

	@AfterAll
	static void close() {
		engine.close();
	}

	/**
	 * A row stopped by the model (EOS or a stop string) says the same with a higher
	 * limit; a row cut at the limit has exactly the limit and goes on with a higher one.
	 */
	@Test
	void aTaskGeneratesAtMostItsOwnLimitAndSaysWhyItStopped() {
		int limit = 6;
		List<Completion> capped = new TaskRunner(engine).complete(this.summary, this.comments, limit);
		List<Completion> wider = new TaskRunner(engine).complete(this.summary, this.comments, limit + 20);
		for (int i = 0; i < capped.size(); i++) {
			Completion c = capped.get(i);
			if (c.stopReason().equals("length")) {
				assertThat(c.outputTokens()).isEqualTo(limit);
				assertThat(wider.get(i).outputTokens()).as("cut, not finished").isGreaterThan(limit);
			}
			else {
				assertThat(c.outputTokens()).isLessThanOrEqualTo(limit);
				assertThat(wider.get(i)).as("the model stopped by itself: the limit changes nothing").isEqualTo(c);
			}
		}
	}

	@Test
	void aCapShortensTheOutput() {
		for (Completion c : new TaskRunner(engine).complete(this.summary, this.comments, 3)) {
			assertThat(c.outputTokens()).isBetween(1, 3);
		}
	}

}
