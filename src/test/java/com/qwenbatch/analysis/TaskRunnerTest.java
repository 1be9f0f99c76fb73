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
 * What a text task generates, on the tiny model: its own limits, a cap, or an exact
 * length.
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

	@Test
	void aTaskGeneratesAtMostItsOwnLimitAndSaysWhyItStopped() {
		int limit = this.summary.constraints().maxTokens();
		for (Completion c : new TaskRunner(engine).complete(this.summary, this.comments, 0, null)) {
			assertThat(c.outputTokens()).isBetween(1, limit);
			assertThat(c.stopReason()).isIn("eos", "length", "stop_string");
			if (c.stopReason().equals("length")) {
				assertThat(c.outputTokens()).isEqualTo(limit);
			}
		}
	}

	@Test
	void aCapShortensTheOutputAndExactLengthGeneratesEveryToken() {
		for (Completion c : new TaskRunner(engine).complete(this.summary, this.comments, 3, null)) {
			assertThat(c.outputTokens()).isBetween(1, 3);
		}
		for (Completion c : new TaskRunner(engine).complete(this.summary, this.comments, 0, new ExactLengths(7, 7))) {
			assertThat(c.outputTokens()).isEqualTo(7);
			assertThat(c.stopReason()).isEqualTo("length");
		}
		ExactLengths drawn = new ExactLengths(2, 9);
		List<Completion> varied = new TaskRunner(engine).complete(this.summary, this.comments, 0, drawn);
		for (int i = 0; i < varied.size(); i++) {
			assertThat(varied.get(i).outputTokens()).isEqualTo(drawn.forRow(this.comments.get(i).id())).isBetween(2, 9);
		}
	}

}
