package com.qwenbatch.job;

import javax.sql.DataSource;

import com.qwenbatch.report.SentimentReport;
import com.qwenbatch.source.DatabaseAddress;
import com.qwenbatch.source.SourceConnections;
import com.qwenbatch.source.Sources;
import com.qwenbatch.store.ResultStore;
import com.qwenbatch.store.RunLease;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The analysis job: a chunk-oriented step that reads comments, runs each chunk through
 * the model as one batch and upserts the results, skipping (and storing) rejected rows;
 * then the report.
 */
@Configuration
public class AnalysisJobConfiguration {

	public static final String JOB = "analyzeComments";

	public static final String ANALYZE_STEP = "analyzeComments";

	public static final String REPORT_STEP = "buildReport";

	/**
	 * The step each partition of a partitioned run executes (executions are named
	 * "analyzePartition:partitionN").
	 */
	public static final String PARTITION_STEP = "analyzePartition";

	@Bean
	Job analysisJob(JobRepository jobRepository, Step analyzeStep, Step reportStep, WatermarkListener watermarks) {
		return new JobBuilder(JOB, jobRepository).start(analyzeStep).next(reportStep).listener(watermarks).build();
	}

	@Bean
	SentimentReport sentimentReport(javax.sql.DataSource dataSource) {
		return new SentimentReport(dataSource);
	}

	/**
	 * The execution's request, read from its parameters once per execution (a record: not
	 * proxied, so it is injected where the job scope is active).
	 */
	@Bean
	@Scope(value = "job", proxyMode = ScopedProxyMode.NO)
	RunRequest runRequest(@Value("#{jobParameters['" + RunRequest.PARAMETER + "']}") String settingsJson) {
		return RunRequest.fromJson(settingsJson);
	}

	@Bean
	@JobScope
	Step reportStep(RunRequest request, JobRepository jobRepository, PlatformTransactionManager transactionManager,
			SentimentReport report, LoadedModels models) {
		return new StepBuilder(REPORT_STEP, jobRepository)
			.tasklet(new ReportTasklet(request, report, models), transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	/**
	 * One chunk step over the whole source, or, with --partitions, a manager step whose
	 * partitions run in this process or on workers behind the broker.
	 */
	@Bean
	@JobScope
	Step analyzeStep(RunRequest request, AnalyzeStepFactory steps, ResultStore store, Sources sources,
			ObjectProvider<PartitionedSteps> partitioned, JobRepository jobRepository) {
		Object watermark = request.selection().sinceLastRun() ? store.watermark(request.source().key()).orElse(null)
				: null;
		// stored with the run now: resumes and workers use these, not their own folder
		RunPrompts prompts = RunPrompts.forExecution(JobSynchronizationManager.getContext().getJobExecution(),
				request.modelTasks().prompts(), jobRepository);
		if (request.partitioned()) {
			return partitioned.getObject().create(ANALYZE_STEP, request, watermark);
		}
		return steps.create(ANALYZE_STEP, request, prompts, sources.whole(request.source(), watermark));
	}

	/**
	 * The sources a run reads. Source credentials come from the environment
	 * ({@code QWEN_BATCH_SOURCE_USERNAME}, {@code QWEN_BATCH_SOURCE_PASSWORD}) or from
	 * the command line's URL, held in memory only; they are never part of the stored
	 * request.
	 */
	@Bean
	Sources sources(DataSource results, Environment environment) {
		DatabaseAddress.Credentials credentials = new DatabaseAddress.Credentials(
				environment.getProperty(SOURCE_USERNAME, environment.getProperty("QWEN_BATCH_SOURCE_USERNAME")),
				environment.getProperty(SOURCE_PASSWORD, environment.getProperty("QWEN_BATCH_SOURCE_PASSWORD")));
		String resultsUrl = environment.getProperty("spring.datasource.url");
		DatabaseAddress resultsAddress = resultsUrl == null ? null : DatabaseAddress.parse(resultsUrl).address();
		return new Sources(new SourceConnections(results, resultsAddress, credentials));
	}

	/** One live run per job: a lease renewed by a heartbeat (see {@link RunLease}). */
	@Bean
	RunLease runLease(DataSource dataSource, @Value("${qwen-batch.run-lease-timeout:60s}") java.time.Duration timeout) {
		return new RunLease(dataSource, timeout);
	}

	/**
	 * In-memory properties the command line sets when a source URL carried credentials.
	 */
	public static final String SOURCE_USERNAME = "qwen-batch.source.username";

	public static final String SOURCE_PASSWORD = "qwen-batch.source.password";

}
