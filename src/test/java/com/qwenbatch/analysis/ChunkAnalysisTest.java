package com.qwenbatch.analysis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.prompt.TaskCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk's use case: already-analysed rows are left out, the rest analysed and logged.
 */
class ChunkAnalysisTest {

	@Test
	void rowsAlreadyAnalysedAreLeftOutAndTheRestAreAnalysedAndLogged() {
		List<Comment> chunk = List.of(new Comment("c.csv", "1", "物流很快", null, null, 2),
				new Comment("c.csv", "2", "质量很差", null, null, 3), new Comment("c.csv", "3", "一般般", null, null, 4));
		TaskCatalog catalog = TaskCatalog.load(Path.of("prompts"));
		List<String> askedFor = new ArrayList<>();
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (QwenEngine engine = QwenEngine.open(TestModels.tiny(Architecture.QWEN2).toString())) {
			CommentAnalyzer analyzer = new CommentAnalyzer(engine, AnalysisPlan.of(catalog, "none", "auto", 0));
			ChunkAnalysis.AnalysedRows analysed = (source, ids, model, version) -> {
				askedFor.add(source + " " + ids + " " + version);
				return Set.of("2");
			};
			ChunkAnalysis.Result result = new ChunkAnalysis(analyzer, analysed, false,
					new RowLog(new PrintStream(log, true, StandardCharsets.UTF_8)))
				.analyze(chunk);
			assertThat(result.unchanged()).isEqualTo(1);
			assertThat(result.analyses()).extracting((Analysis a) -> a.comment().id()).containsExactly("1", "3");
			assertThat(askedFor).containsExactly("c.csv [1, 2, 3] " + analyzer.plan().promptVersion());
			assertThat(log.toString(StandardCharsets.UTF_8).lines()).hasSize(2);

			ChunkAnalysis.Result again = new ChunkAnalysis(analyzer, analysed, true, null).analyze(chunk);
			assertThat(again.unchanged()).as("--reanalyze").isZero();
			assertThat(again.analyses()).hasSize(3);
		}
	}

}
