package com.qwenbatch.job;

import java.util.ArrayList;
import java.util.List;

import com.qwenbatch.analysis.ChunkAnalysis;
import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.RejectedRow;
import com.qwenbatch.store.ResultStore;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends each chunk through the model as one batch and upserts the results in the chunk's
 * transaction. Rows already analysed with the same text, model and prompt versions are
 * not sent again. A row the results database refuses (a constraint, a value it cannot
 * hold) goes to the rejected rows with the database's reason, and the rest of its chunk
 * is saved: each attempt runs in a savepoint. A lost connection is not a refusal: it
 * fails the chunk, which rolls back whole.
 */
class AnalysisWriter implements ItemWriter<Comment>, StepExecutionListener {

	static final String ANALYSED = "rows.analysed";

	static final String UNCHANGED = "rows.unchanged";

	/** Analysed rows whose id had a result for another text. */
	static final String CHANGED = "rows.changed";

	/** Rows whose id already had a result (changed or not). */
	static final String KNOWN = "rows.known";

	/** Rows the results database refused: read, then rejected. */
	static final String REFUSED = "rows.refused";

	private final ChunkAnalysis analysis;

	private final ResultStore store;

	private final TransactionTemplate savepoint;

	private final WriteHook hook;

	private StepExecution stepExecution;

	private RunProgress progress;

	/** Test seam: runs after a chunk is written, inside its transaction. */
	interface WriteHook {

		WriteHook NONE = () -> {
		};

		void afterWrite();

	}

	/**
	 * {@code savepoint}: runs its callback in a savepoint of the chunk's transaction
	 * (NESTED).
	 */
	private final DiskSpaceGuard space;

	AnalysisWriter(ChunkAnalysis analysis, ResultStore store, TransactionTemplate savepoint, WriteHook hook,
			DiskSpaceGuard space) {
		this.space = space;
		this.analysis = analysis;
		this.store = store;
		this.savepoint = savepoint;
		this.hook = hook;
	}

	void attach(RunProgress progress) {
		this.progress = progress;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		// a restart restores the previous execution's context: count this execution's
		// rows only
		stepExecution.getExecutionContext().putLong(ANALYSED, 0);
		stepExecution.getExecutionContext().putLong(UNCHANGED, 0);
		stepExecution.getExecutionContext().putLong(REFUSED, 0);
		stepExecution.getExecutionContext().putLong(CHANGED, 0);
		stepExecution.getExecutionContext().putLong(KNOWN, 0);
	}

	@Override
	public void write(Chunk<? extends Comment> chunk) {
		this.space.check();
		List<Comment> comments = new ArrayList<>(chunk.getItems());
		ChunkAnalysis.Result result = this.analysis.analyze(comments);
		List<Analysis> saved = save(result.analyses());
		var context = this.stepExecution.getExecutionContext();
		context.putLong(ANALYSED, context.getLong(ANALYSED, 0) + saved.size());
		context.putLong(REFUSED, context.getLong(REFUSED, 0) + result.analyses().size() - saved.size());
		context.putLong(UNCHANGED, context.getLong(UNCHANGED, 0) + result.unchanged());
		context.putLong(CHANGED, context.getLong(CHANGED, 0) + result.changed());
		context.putLong(KNOWN, context.getLong(KNOWN, 0) + result.known());
		if (this.progress != null) {
			this.progress.add(comments.size());
		}
		this.hook.afterWrite();
	}

	/**
	 * Saves the chunk's results, or, when the database refuses the batch, each row on its
	 * own.
	 */
	private List<Analysis> save(List<Analysis> results) {
		long jobExecutionId = this.stepExecution.getJobExecutionId();
		try {
			this.savepoint.executeWithoutResult((status) -> this.store.saveResults(results, jobExecutionId));
			return results;
		}
		catch (DataAccessException ex) {
			if (DatabaseFailures.isConnectionLoss(ex)) {
				throw ex;
			}
		}
		List<Analysis> saved = new ArrayList<>();
		for (Analysis result : results) {
			try {
				this.savepoint
					.executeWithoutResult((status) -> this.store.saveResults(List.of(result), jobExecutionId));
				saved.add(result);
			}
			catch (DataAccessException ex) {
				if (DatabaseFailures.isConnectionLoss(ex)) {
					throw ex;
				}
				Comment c = result.comment();
				RejectedRow refused = new RejectedRow(c.source(), c.line(), c.id(),
						"the results database refused this row: " + databaseReason(ex), null);
				this.savepoint.executeWithoutResult((status) -> this.store.saveRejected(refused, jobExecutionId));
			}
		}
		return saved;
	}

	/**
	 * The database's own message, first line, without Spring's
	 * "PreparedStatementCallback; SQL [...]" wrapper.
	 */
	private static String databaseReason(DataAccessException ex) {
		Throwable root = ex.getMostSpecificCause();
		String message = root.getMessage() == null ? root.toString() : root.getMessage();
		return message.lines().findFirst().orElse(message).strip();
	}

}
