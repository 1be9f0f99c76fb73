package com.qwenbatch.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.StoredResult;

/**
 * The use case a chunk of comments goes through: a row whose id already has a result from
 * the same model and prompt versions for the same text is left out (unless everything is
 * to be analysed again); a known id with another text is a changed comment and is
 * analysed again; the rest go to the model as one batch, and each analysed row is logged
 * when a row log is kept. An id that comes twice in one chunk is analysed once (its last
 * text). Saving is the caller's.
 */
public final class ChunkAnalysis {

	/** The stored results of a source's ids (those that have one). */
	@FunctionalInterface
	public interface StoredResults {

		Map<String, StoredResult> of(String source, List<String> ids);

	}

	/**
	 * What a chunk gave: the analyses; how many rows needed none ({@code unchanged}: same
	 * text, model and prompts, or the same id again in the chunk); how many of the
	 * analysed rows are known ids with a new text ({@code changed}); how many rows had an
	 * id the store already knew ({@code known}).
	 */
	public record Result(List<Analysis> analyses, int unchanged, int changed, int known) {
	}

	private final CommentAnalyzer analyzer;

	private final StoredResults stored;

	private final boolean reanalyze;

	private final RowLog rowLog;

	/** {@code rowLog}: null for none. */
	public ChunkAnalysis(CommentAnalyzer analyzer, StoredResults stored, boolean reanalyze, RowLog rowLog) {
		this.analyzer = analyzer;
		this.stored = stored;
		this.reanalyze = reanalyze;
		this.rowLog = rowLog;
	}

	/**
	 * The stored result is what this plan would give: the same prompt versions and, when
	 * only the follow-up's rule differs ({@code --task-when}), the same decision for its
	 * sentiment (a row that had its reply and still wants one keeps it; a row whose
	 * decision changes is analysed again).
	 */
	private boolean sameWork(StoredResult before, Comment comment) {
		AnalysisPlan plan = this.analyzer.plan();
		if (before.promptVersion().equals(plan.promptVersion())) {
			return true;
		}
		return plan.followUp().isPresent()
				&& AnalysisPlan.withoutRule(before.promptVersion()).equals(plan.promptsVersion())
				&& plan.followUpWhen().wants(comment, before.sentiment()) == before.followedUp();
	}

	public Result analyze(List<Comment> chunk) {
		if (chunk.isEmpty()) {
			return new Result(List.of(), 0, 0, 0);
		}
		Map<String, Comment> lastById = new LinkedHashMap<>();
		chunk.forEach((c) -> {
			lastById.remove(c.id()); // keeps the order of last occurrences
			lastById.put(c.id(), c);
		});
		Map<String, StoredResult> known = this.stored.of(chunk.get(0).source(), List.copyOf(lastById.keySet()));
		List<Comment> toAnalyse = new ArrayList<>();
		int changed = 0;
		for (Comment comment : lastById.values()) {
			StoredResult before = known.get(comment.id());
			boolean sameText = before != null && comment.textHash().equals(before.textHash());
			if (before != null && !sameText) {
				changed++;
			}
			if (this.reanalyze || !sameText || !before.sameModel(this.analyzer.modelId(), this.analyzer.fingerprint())
					|| !sameWork(before, comment)) {
				toAnalyse.add(comment);
			}
		}
		List<Analysis> analyses = toAnalyse.isEmpty() ? List.of() : this.analyzer.analyze(toAnalyse);
		if (this.rowLog != null) {
			analyses.forEach(this.rowLog::log);
		}
		return new Result(analyses, chunk.size() - toAnalyse.size(), changed, known.size());
	}

}
