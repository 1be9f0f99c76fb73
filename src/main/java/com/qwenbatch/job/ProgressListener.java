package com.qwenbatch.job;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Starts the 10-second progress line when the step starts and prints a last one at its
 * end.
 */
class ProgressListener implements StepExecutionListener {

	private final CommentReader reader;

	private final AnalysisWriter writer;

	private final RejectionListener rejections;

	private RunProgress progress;

	ProgressListener(CommentReader reader, AnalysisWriter writer, RejectionListener rejections) {
		this.reader = reader;
		this.writer = writer;
		this.rejections = rejections;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		long alreadyDone = CommentReader.rowsConsumed(stepExecution.getExecutionContext());
		this.progress = new RunProgress(this.reader::total, alreadyDone, 10);
		this.writer.attach(this.progress);
		this.rejections.attach(this.progress);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.progress != null) {
			this.progress.print();
			this.progress.close();
		}
		return stepExecution.getExitStatus();
	}

}
