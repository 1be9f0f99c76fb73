package com.qwenbatch.job;

import com.qwenbatch.store.ResultStore;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/** After a completed database run, remembers the last id read, for --since-last-run. */
@Component
class WatermarkListener implements JobExecutionListener {

	private final ResultStore store;

	WatermarkListener(ResultStore store) {
		this.store = store;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		RunSettings settings = RunSettings.from(jobExecution.getJobParameters());
		if (jobExecution.getStatus() != BatchStatus.COMPLETED || !settings.fromDatabase()) {
			return;
		}
		for (StepExecution step : jobExecution.getStepExecutions()) {
			Object last = CommentReader.lastPosition(step.getExecutionContext());
			if (AnalysisJobConfiguration.ANALYZE_STEP.equals(step.getStepName()) && last != null) {
				this.store.saveWatermark(settings.sourceKey(), last);
			}
		}
	}

}
