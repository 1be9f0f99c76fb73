package com.qwenbatch.job;

import com.qwenbatch.job.partition.PartitionedStepFactory;
import com.qwenbatch.report.SentimentReport;
import com.qwenbatch.source.SourceSlice;
import com.qwenbatch.store.ResultStore;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The analysis job: a chunk-oriented step that reads comments, runs each chunk through the model
 * as one batch and upserts the results, skipping (and storing) rejected rows; then the report.
 */
@Configuration
public class AnalysisJobConfiguration {

	public static final String JOB = "analyzeComments";

	public static final String ANALYZE_STEP = "analyzeComments";

	public static final String REPORT_STEP = "buildReport";

	/** The step each partition of a partitioned run executes (executions are named "analyzePartition:partitionN"). */
	public static final String PARTITION_STEP = "analyzePartition";

	@Bean
	Job analysisJob(JobRepository jobRepository, Step analyzeStep, Step reportStep, WatermarkListener watermarks) {
		return new JobBuilder(JOB, jobRepository).start(analyzeStep).next(reportStep).listener(watermarks).build();
	}

	@Bean
	SentimentReport sentimentReport(javax.sql.DataSource dataSource) {
		return new SentimentReport(dataSource);
	}

	@Bean
	@JobScope
	Step reportStep(@Value("#{jobParameters['settings']}") String settingsJson, JobRepository jobRepository,
			PlatformTransactionManager transactionManager, SentimentReport report) {
		return new StepBuilder(REPORT_STEP, jobRepository)
			.tasklet(new ReportTasklet(RunSettings.fromJson(settingsJson), report), transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	/**
	 * One chunk step over the whole source, or, with --partitions, a manager step whose partitions
	 * run in this process or on workers behind the broker.
	 */
	@Bean
	@JobScope
	Step analyzeStep(@Value("#{jobParameters['settings']}") String settingsJson, AnalyzeStepFactory steps,
			ResultStore store, ObjectProvider<PartitionedStepFactory> partitioned) {
		RunSettings settings = RunSettings.fromJson(settingsJson);
		Object watermark = settings.sinceLastRun() ? store.watermark(settings.sourceKey()).orElse(null) : null;
		if (settings.partitioned()) {
			return partitioned.getObject().create(ANALYZE_STEP, settings, watermark);
		}
		return steps.create(ANALYZE_STEP, settings, SourceSlice.after(watermark));
	}

}
