package com.qwenbatch.job;

import java.nio.file.Files;
import java.nio.file.Path;

import com.qwenbatch.analysis.TopicSummaries;
import com.qwenbatch.llm.DemoModel;
import com.qwenbatch.prompt.TaskCatalog;
import com.qwenbatch.report.ReportLabels;
import com.qwenbatch.report.ReportRequest;
import com.qwenbatch.report.SentimentReport;
import com.qwenbatch.report.TopicWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The job's last step: the Excel report over this source's results (skipped with
 * --no-report), labelled by the run's prompts, with the run's model writing one sentence
 * per topic.
 */
class ReportTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ReportTasklet.class);

	static final String REPORT_PATH = "report.path";

	private final RunRequest request;

	private final SentimentReport report;

	private final LoadedModels models;

	ReportTasklet(RunRequest request, SentimentReport report, LoadedModels models) {
		this.request = request;
		this.report = report;
		this.models = models;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		if (!this.request.outputs().report()) {
			return RepeatStatus.FINISHED;
		}
		JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
		TaskCatalog catalog = RunPrompts.storedOrFolder(job, this.request.modelTasks().prompts()).catalog();
		Path out = ReportRequest.freePath(Path.of(this.request.outputs().reportDir()), job.getId());
		this.report
			.write(ReportRequest.of(out, null, null, null, this.request.source().name(), ReportLabels.of(catalog))
				.withReviewThreshold(this.request.outputs().reviewThreshold()), topicWriter(catalog));
		job.getExecutionContext().putString(REPORT_PATH, out.toAbsolutePath().toString());
		return RepeatStatus.FINISHED;
	}

	/**
	 * The run's model, which writes the topic sentences; none when its files are not on
	 * this machine (a scaled-out manager).
	 */
	private TopicWriter topicWriter(TaskCatalog catalog) {
		RunRequest.ModelTasks tasks = this.request.modelTasks();
		if (tasks.modelDirectory() == null || !Files.isDirectory(Path.of(tasks.modelDirectory()))) {
			log.info("the model's files are not on this machine: the report has no topic sentences");
			return null;
		}
		TopicSummaries summaries = new TopicSummaries(
				this.models.get(tasks.modelDirectory(), tasks.model(), tasks.precision()), catalog,
				DemoModel.NAME.equals(tasks.model()));
		return new TopicWriter(summaries::sentences, summaries.meaningless());
	}

}
