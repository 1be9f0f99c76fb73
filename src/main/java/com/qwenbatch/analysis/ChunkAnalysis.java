package com.qwenbatch.analysis;

import java.util.List;
import java.util.Set;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;

/**
 * The use case a chunk of comments goes through: rows already analysed with the same
 * model and prompt versions are left out (unless everything is to be analysed again), the
 * rest go to the model as one batch, and each analysed row is logged when a row log is
 * kept. Saving is the caller's.
 */
public final class ChunkAnalysis {

	/**
	 * Which of a source's ids already have a result from this model and these prompt
	 * versions.
	 */
	@FunctionalInterface
	public interface AnalysedRows {

		Set<String> among(String source, List<String> ids, String modelId, String promptVersion);

	}

	/** What a chunk gave: the analyses, and how many rows needed none. */
	public record Result(List<Analysis> analyses, int unchanged) {
	}

	private final CommentAnalyzer analyzer;

	private final AnalysedRows analysed;

	private final boolean reanalyze;

	private final RowLog rowLog;

	/** {@code rowLog}: null for none. */
	public ChunkAnalysis(CommentAnalyzer analyzer, AnalysedRows analysed, boolean reanalyze, RowLog rowLog) {
		this.analyzer = analyzer;
		this.analysed = analysed;
		this.reanalyze = reanalyze;
		this.rowLog = rowLog;
	}

	public Result analyze(List<Comment> chunk) {
		if (chunk.isEmpty()) {
			return new Result(List.of(), 0);
		}
		Set<String> unchanged = this.reanalyze ? Set.of()
				: this.analysed.among(chunk.get(0).source(), chunk.stream().map(Comment::id).toList(),
						this.analyzer.modelId(), this.analyzer.plan().promptVersion());
		List<Comment> toAnalyse = chunk.stream().filter((c) -> !unchanged.contains(c.id())).toList();
		List<Analysis> analyses = toAnalyse.isEmpty() ? List.of() : this.analyzer.analyze(toAnalyse);
		if (this.rowLog != null) {
			analyses.forEach(this.rowLog::log);
		}
		return new Result(analyses, chunk.size() - toAnalyse.size());
	}

}
