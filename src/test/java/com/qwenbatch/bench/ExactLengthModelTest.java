package com.qwenbatch.bench;

import java.nio.file.Path;
import java.util.List;

import com.qwenbatch.analysis.TaskRunner;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.Completion;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A benchmark's exact lengths, on the job path's own task runner and the tiny model. */
class ExactLengthModelTest {

	@Test
	void everyRowGeneratesExactlyItsDrawnLength() {
		TaskDefinition summary = TaskCatalog.load(Path.of("prompts")).get("summary");
		List<Comment> comments = List.of(new Comment("t", "1", "物流很快，包装很好", null, null, 1),
				new Comment("t", "2", "great product, slow delivery", null, null, 2),
				new Comment("t", "3", "客服回复太慢", null, null, 3));
		try (QwenEngine engine = QwenEngine.open(TestModels.tiny(Architecture.QWEN2).toString())) {
			for (Completion c : new TaskRunner(new ExactLengthModel(engine, new ExactLengths(7, 7))).complete(summary,
					comments, 0)) {
				assertThat(c.outputTokens()).isEqualTo(7);
				assertThat(c.stopReason()).isEqualTo("length");
			}
			ExactLengths drawn = new ExactLengths(2, 9);
			List<Completion> varied = new TaskRunner(new ExactLengthModel(engine, drawn)).complete(summary, comments,
					0);
			for (int i = 0; i < varied.size(); i++) {
				assertThat(varied.get(i).outputTokens()).isEqualTo(drawn.forRow(comments.get(i).id())).isBetween(2, 9);
			}
			assertThat(varied).extracting(Completion::outputTokens)
				.as("the lengths differ by row")
				.doesNotHaveDuplicates();
		}
	}

}
