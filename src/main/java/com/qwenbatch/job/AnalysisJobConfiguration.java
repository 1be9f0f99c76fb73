package com.qwenbatch.job;

import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.analysis.RowLog;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.report.SentimentReport;
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
 * The analysis job: one chunk-oriented step that reads comments, runs each chunk through the
 * model as one batch and upserts the results, skipping (and storing) rejected rows.
 */
@Configuration
public class AnalysisJobConfiguration {

	public static final String JOB = "analyzeComments";

	public static final String ANALYZE_STEP = "analyzeComments";

	public static final String REPORT_STEP = "buildReport";

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

	@Bean
	@JobScope
	Step analyzeStep(@Value("#{jobParameters['settings']}") String settingsJson, JobRepository jobRepository,
			PlatformTransactionManager transactionManager, ResultStore store, AnalyzerFactory analyzers,
			SourceDataSources sources, ObjectProvider<AnalysisWriter.WriteHook> hook) {
		RunSettings settings = RunSettings.fromJson(settingsJson);
		Object startAfter = settings.sinceLastRun() ? store.watermark(settings.sourceKey()).orElse(null) : null;
		CommentReader reader = new CommentReader(settings, sources::get, startAfter);
		CommentAnalyzer analyzer = analyzers.create(settings);
		AnalysisWriter writer = new AnalysisWriter(analyzer, store, settings.reanalyze(),
				settings.logRows() ? new RowLog(System.out) : null, hook.getIfAvailable(() -> AnalysisWriter.WriteHook.NONE));
		RejectionListener rejections = new RejectionListener(store);
		return new StepBuilder(ANALYZE_STEP, jobRepository).<Comment, Comment>chunk(settings.batchSize())
			.transactionManager(transactionManager)
			.reader(reader)
			.writer(writer)
			.faultTolerant()
			.skip(RowRejectedException.class)
			.skipLimit(settings.skipLimit())
			.skipListener(rejections)
			.listener(writer)
			.listener(rejections)
			.listener(new ProgressListener(reader, writer, rejections))
			.build();
	}

}
