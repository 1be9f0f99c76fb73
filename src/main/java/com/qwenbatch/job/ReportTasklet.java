package com.qwenbatch.job;

import java.nio.file.Path;

import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.prompt.TaskDefinition;
import com.qwenbatch.report.ReportLabels;
import com.qwenbatch.report.ReportRequest;
import com.qwenbatch.report.SentimentReport;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The job's last step: the Excel report over this source's results (skipped with
 * --no-report).
 */
class ReportTasklet implements Tasklet {

	static final String REPORT_PATH = "report.path";

	private final RunRequest request;

	private final SentimentReport report;

	ReportTasklet(RunRequest request, SentimentReport report) {
		this.request = request;
		this.report = report;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		if (!this.request.outputs().report()) {
			return RepeatStatus.FINISHED;
		}
		long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		Path out = ReportRequest.freePath(Path.of(this.request.outputs().reportDir()), executionId);
		this.report.write(ReportRequest
			.of(out, null, null, null, this.request.source().name(),
					labels(TaskCatalog.fromOption(this.request.modelTasks().prompts()).sentiment()))
			.withReviewThreshold(this.request.outputs().reviewThreshold()));
		chunkContext.getStepContext()
			.getStepExecution()
			.getJobExecution()
			.getExecutionContext()
			.putString(REPORT_PATH, out.toAbsolutePath().toString());
		return RepeatStatus.FINISHED;
	}

	static ReportLabels labels(TaskDefinition sentiment) {
		return new ReportLabels(sentiment.labelValues(), sentiment.negativeLabel().orElse("负面"));
	}

}
