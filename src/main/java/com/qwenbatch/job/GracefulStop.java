package com.qwenbatch.job;

import java.util.concurrent.atomic.AtomicBoolean;

import com.qwenbatch.comment.Comment;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.stereotype.Component;

/**
 * A stop asked for from outside (SIGTERM, Ctrl-C): the step running now ends after the
 * chunk in hand is committed, as STOPPED, and the job with it; a re-run resumes after
 * that chunk. The flag is read on the step's own thread, between chunks, so nothing is
 * closed under a running chunk.
 */
@Component
public class GracefulStop {

	private final AtomicBoolean requested = new AtomicBoolean();

	/**
	 * Asks the running job to stop after its current chunk (any thread may call this).
	 */
	public void request() {
		this.requested.set(true);
	}

	public boolean requested() {
		return this.requested.get();
	}

	/** The listener each analysis step registers. */
	Listener listener() {
		return new Listener();
	}

	final class Listener implements ChunkListener<Comment, Comment>, StepExecutionListener {

		private StepExecution step;

		@Override
		public void beforeStep(StepExecution stepExecution) {
			this.step = stepExecution;
			stopIfRequested();
		}

		@Override
		public void afterChunk(Chunk<Comment> chunk) {
			stopIfRequested();
		}

		@Override
		public void onChunkError(Exception exception, Chunk<Comment> chunk) {
			stopIfRequested();
		}

		private void stopIfRequested() {
			if (requested() && this.step != null) {
				this.step.setTerminateOnly();
			}
		}

	}

}
