package com.qwenbatch.analysis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.StoredResult;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.prompt.TaskCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk's use case: rows whose id has a result for the same text, model and prompts are
 * left out; a known id with another text is analysed again and counted as changed; the
 * rest analysed and logged.
 */
class ChunkAnalysisTest {

	private static QwenEngine engine;

	private static CommentAnalyzer analyzer;

	@BeforeAll
	static void load() {
		engine = QwenEngine.open(TestModels.tiny(Architecture.QWEN2).toString());
		analyzer = new CommentAnalyzer(engine,
				AnalysisPlan.of(TaskCatalog.load(Path.of("prompts")), "none", "auto", 0));
	}

	@AfterAll
	static void close() {
		engine.close();
	}

	private static Comment comment(String id, String text) {
		return new Comment("c.csv", id, text, null, null, Long.parseLong(id) + 1);
	}

	private static StoredResult storedFor(Comment c) {
		return new StoredResult(c.textHash(), analyzer.modelId(), analyzer.fingerprint(),
				analyzer.plan().promptVersion(), "中性", null);
	}

	@Test
	void rowsAlreadyAnalysedAreLeftOutAndTheRestAreAnalysedAndLogged() {
		List<Comment> chunk = List.of(comment("1", "物流很快"), comment("2", "质量很差"), comment("3", "一般般"));
		List<String> askedFor = new ArrayList<>();
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		ChunkAnalysis.StoredResults stored = (source, ids) -> {
			askedFor.add(source + " " + ids);
			return Map.of("2", storedFor(chunk.get(1)));
		};
		ChunkAnalysis.Result result = new ChunkAnalysis(analyzer, stored, false,
				new RowLog(new PrintStream(log, true, StandardCharsets.UTF_8)))
			.analyze(chunk);
		assertThat(result.unchanged()).isEqualTo(1);
		assertThat(result.changed()).isZero();
		assertThat(result.known()).isEqualTo(1);
		assertThat(result.analyses()).extracting((Analysis a) -> a.comment().id()).containsExactly("1", "3");
		assertThat(askedFor).containsExactly("c.csv [1, 2, 3]");
		assertThat(log.toString(StandardCharsets.UTF_8).lines()).hasSize(2);

		ChunkAnalysis.Result again = new ChunkAnalysis(analyzer, stored, true, null).analyze(chunk);
		assertThat(again.unchanged()).as("--reanalyze").isZero();
		assertThat(again.analyses()).hasSize(3);
	}

	@Test
	void aKnownIdWithAnotherTextIsAnalysedAgainAndCountedAsChanged() {
		Comment lastNight = comment("7", "包装破损");
		Comment tonight = comment("7", "客服态度很好");
		ChunkAnalysis.StoredResults stored = (source, ids) -> Map.of("7", storedFor(lastNight));
		ChunkAnalysis.Result result = new ChunkAnalysis(analyzer, stored, false, null).analyze(List.of(tonight));
		assertThat(result.analyses()).extracting((Analysis a) -> a.comment().text()).containsExactly("客服态度很好");
		assertThat(result.changed()).isEqualTo(1);
		assertThat(result.unchanged()).isZero();
		assertThat(result.known()).isEqualTo(1);
	}

	@Test
	void theSameTextFromAnotherModelOrPromptIsAnalysedAgainButIsNotChanged() {
		Comment c = comment("4", "还不错");
		ChunkAnalysis.StoredResults otherPrompt = (source, ids) -> Map.of("4", new StoredResult(c.textHash(),
				analyzer.modelId(), analyzer.fingerprint(), "0000000000+none", "中性", null));
		ChunkAnalysis.Result result = new ChunkAnalysis(analyzer, otherPrompt, false, null).analyze(List.of(c));
		assertThat(result.analyses()).hasSize(1);
		assertThat(result.changed()).isZero();
		assertThat(result.unchanged()).isZero();
	}

	@Test
	void theSameTextFromOtherWeightsUnderTheSameModelIdIsAnalysedAgain() {
		Comment c = comment("8", "物流一般");
		ChunkAnalysis.StoredResults otherWeights = (source, ids) -> Map.of("8", new StoredResult(c.textHash(),
				analyzer.modelId(), "ffffffffffffffff", analyzer.plan().promptVersion(), "中性", null));
		ChunkAnalysis.Result result = new ChunkAnalysis(analyzer, otherWeights, false, null).analyze(List.of(c));
		assertThat(result.analyses()).extracting(Analysis::modelFingerprint).containsExactly(analyzer.fingerprint());
		assertThat(result.unchanged()).isZero();
		assertThat(result.changed()).as("the text is the same").isZero();

		// stored before fingerprints were kept: the same model as far as anyone knows
		ChunkAnalysis.StoredResults beforeFingerprints = (source, ids) -> Map.of("8",
				new StoredResult(c.textHash(), analyzer.modelId(), null, analyzer.plan().promptVersion(), "中性", null));
		ChunkAnalysis.Result kept = new ChunkAnalysis(analyzer, beforeFingerprints, false, null).analyze(List.of(c));
		assertThat(kept.analyses()).isEmpty();
		assertThat(kept.unchanged()).isEqualTo(1);
	}

	@Test
	void anIdTwiceInOneChunkIsAnalysedOnceWithItsLastText() {
		List<Comment> chunk = List.of(comment("5", "第一遍"), comment("6", "别的"), comment("5", "第二遍"));
		ChunkAnalysis.Result result = new ChunkAnalysis(analyzer, (source, ids) -> Map.of(), false, null)
			.analyze(chunk);
		assertThat(result.analyses()).extracting((Analysis a) -> a.comment().id() + " " + a.comment().text())
			.containsExactly("6 别的", "5 第二遍");
		assertThat(result.unchanged()).as("the repeated row needs no second analysis").isEqualTo(1);
	}

}
