package com.qwenbatch.job;

import com.qwenbatch.comment.Comment;
import com.qwenbatch.store.ResultStore;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Stores every row the reader rejected, with its reason (upsert: a restart cannot
 * duplicate it).
 */
class RejectionListener implements SkipListener<Comment, Comment>, StepExecutionListener {

	private final ResultStore store;

	private RunProgress progress;

	private long jobExecutionId;

	RejectionListener(ResultStore store) {
		this.store = store;
	}

	void attach(RunProgress progress) {
		this.progress = progress;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.jobExecutionId = stepExecution.getJobExecutionId();
	}

	@Override
	public void onSkipInRead(Throwable t) {
		if (t instanceof RowRejectedException rejected) {
			this.store.saveRejected(rejected.row(), this.jobExecutionId);
			if (this.progress != null) {
				this.progress.add(1);
			}
		}
	}

}
