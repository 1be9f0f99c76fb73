package com.qwenbatch.job;

import com.qwenbatch.source.SourceSpec;
import com.qwenbatch.store.ResultStore;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** After a completed database run, remembers the last id read, for --since-last-run. */
@Component
class WatermarkListener implements JobExecutionListener {

	private final ResultStore store;

	private final JobRepository repository;

	private final ObjectProvider<RunRequest> request;

	/** {@code request}: the execution's request (job-scoped, read once per execution). */
	WatermarkListener(ResultStore store, JobRepository repository, ObjectProvider<RunRequest> request) {
		this.store = store;
		this.repository = repository;
		this.request = request;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		RunRequest request = this.request.getObject();
		if (jobExecution.getStatus() != BatchStatus.COMPLETED || request.source() instanceof SourceSpec.CsvFile) {
			return;
		}
		// partitions read disjoint id ranges: the highest id any of them read is the new
		// watermark
		Object newest = null;
		// partitions that ran on workers: their state is in the repository, not in this
		// object
		JobExecution stored = this.repository.getJobExecution(jobExecution.getId());
		for (StepExecution step : RunOutcome.analysisSteps(stored != null ? stored : jobExecution)) {
			Object last = CommentReader.lastPosition(step.getExecutionContext());
			if (last != null && (newest == null || compare(last, newest) > 0)) {
				newest = last;
			}
		}
		if (newest != null) {
			this.store.saveWatermark(request.source().key(), newest);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static int compare(Object a, Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString()));
		}
		return ((Comparable) a).compareTo(b);
	}

}
