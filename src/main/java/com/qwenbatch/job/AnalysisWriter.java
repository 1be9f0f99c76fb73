package com.qwenbatch.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.analysis.RowLog;
import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.store.ResultStore;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Sends each chunk through the model as one batch and upserts the results in the chunk's
 * transaction. Rows already analysed with the same model and prompt versions are not sent again.
 * A transient database failure is retried here, with the model's output in hand, so the model
 * does not redo the chunk.
 */
class AnalysisWriter implements ItemWriter<Comment>, StepExecutionListener {

	static final String ANALYSED = "rows.analysed";

	static final String UNCHANGED = "rows.unchanged";

	private static final int WRITE_ATTEMPTS = 3;

	private final CommentAnalyzer analyzer;

	private final ResultStore store;

	private final boolean reanalyze;

	private final RowLog rowLog;

	private final WriteHook hook;

	private StepExecution stepExecution;

	private RunProgress progress;

	/** Test seam: runs after a chunk is written, inside its transaction. */
	interface WriteHook {

		WriteHook NONE = () -> {
		};

		void afterWrite();

	}

	AnalysisWriter(CommentAnalyzer analyzer, ResultStore store, boolean reanalyze, RowLog rowLog, WriteHook hook) {
		this.analyzer = analyzer;
		this.store = store;
		this.reanalyze = reanalyze;
		this.rowLog = rowLog;
		this.hook = hook;
	}

	void attach(RunProgress progress) {
		this.progress = progress;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		// a restart restores the previous execution's context: count this execution's rows only
		stepExecution.getExecutionContext().putLong(ANALYSED, 0);
		stepExecution.getExecutionContext().putLong(UNCHANGED, 0);
	}

	@Override
	public void write(Chunk<? extends Comment> chunk) {
		List<Comment> comments = new ArrayList<>(chunk.getItems());
		Set<String> unchanged = this.reanalyze ? Set.of()
				: this.store.alreadyAnalysed(comments.get(0).source(), comments.stream().map(Comment::id).toList(),
						this.analyzer.modelId(), this.analyzer.plan().promptVersion());
		List<Comment> toAnalyse = comments.stream().filter((c) -> !unchanged.contains(c.id())).toList();
		List<Analysis> results = toAnalyse.isEmpty() ? List.of() : this.analyzer.analyze(toAnalyse);
		saveWithRetry(results);
		var context = this.stepExecution.getExecutionContext();
		context.putLong(ANALYSED, context.getLong(ANALYSED, 0) + results.size());
		context.putLong(UNCHANGED, context.getLong(UNCHANGED, 0) + unchanged.size());
		if (this.rowLog != null) {
			results.forEach(this.rowLog::log);
		}
		if (this.progress != null) {
			this.progress.add(comments.size());
		}
		this.hook.afterWrite();
	}

	private void saveWithRetry(List<Analysis> results) {
		long jobExecutionId = this.stepExecution.getJobExecutionId();
		for (int attempt = 1;; attempt++) {
			try {
				this.store.saveResults(results, jobExecutionId);
				return;
			}
			catch (TransientDataAccessException | CannotGetJdbcConnectionException ex) {
				if (attempt >= WRITE_ATTEMPTS) {
					throw ex;
				}
				sleep(500L * attempt);
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
