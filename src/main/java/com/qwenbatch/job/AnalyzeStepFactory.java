package com.qwenbatch.job;

import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.analysis.RowLog;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.source.SourceSlice;
import com.qwenbatch.store.ResultStore;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the chunk step that analyses one slice of a run's source: the whole source in a
 * single-process run, one partition on a worker. Both run exactly this step.
 */
@Component
public class AnalyzeStepFactory {

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final ResultStore store;

	private final AnalyzerFactory analyzers;

	private final SourceDataSources sources;

	private final ObjectProvider<AnalysisWriter.WriteHook> hook;

	AnalyzeStepFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager, ResultStore store,
			AnalyzerFactory analyzers, SourceDataSources sources, ObjectProvider<AnalysisWriter.WriteHook> hook) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.store = store;
		this.analyzers = analyzers;
		this.sources = sources;
		this.hook = hook;
	}

	public Step create(String stepName, RunSettings settings, SourceSlice slice) {
		CommentReader reader = new CommentReader(settings, this.sources, slice);
		CommentAnalyzer analyzer = this.analyzers.create(settings);
		AnalysisWriter writer = new AnalysisWriter(analyzer, this.store, settings.reanalyze(),
				settings.logRows() ? new RowLog(System.out) : null,
				this.hook.getIfAvailable(() -> AnalysisWriter.WriteHook.NONE));
		RejectionListener rejections = new RejectionListener(this.store);
		return new StepBuilder(stepName, this.jobRepository).<Comment, Comment>chunk(settings.batchSize())
			.transactionManager(this.transactionManager)
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
