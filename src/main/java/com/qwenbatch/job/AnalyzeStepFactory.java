package com.qwenbatch.job;

import java.io.PrintStream;

import com.qwenbatch.analysis.ChunkAnalysis;
import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.analysis.RowLog;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.source.SourceSlice;
import com.qwenbatch.source.Sources;
import com.qwenbatch.store.ResultStore;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

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

	private final Sources sources;

	private final ObjectProvider<AnalysisWriter.WriteHook> hook;

	private final GracefulStop stop;

	private final PrintStream out;

	private final DiskSpaceGuard space;

	AnalyzeStepFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager, ResultStore store,
			AnalyzerFactory analyzers, Sources sources, ObjectProvider<AnalysisWriter.WriteHook> hook,
			GracefulStop stop, ObjectProvider<CommandOutput> output, DiskSpaceGuard space) {
		this.space = space;
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.store = store;
		this.analyzers = analyzers;
		this.sources = sources;
		this.hook = hook;
		this.stop = stop;
		// a context started by a command has its output; one started by a test, the
		// process's
		this.out = output.getIfAvailable(() -> new CommandOutput(System.out)).out();
	}

	public Step create(String stepName, RunRequest request, RunPrompts prompts, SourceSlice slice) {
		CommentReader reader = new CommentReader(request, this.sources, slice);
		CommentAnalyzer analyzer = this.analyzers.create(request, prompts);
		TransactionTemplate savepoint = new TransactionTemplate(this.transactionManager);
		savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		ChunkAnalysis analysis = new ChunkAnalysis(analyzer, this.store::storedResults, request.selection().reanalyze(),
				request.outputs().logRows() ? new RowLog(this.out) : null);
		AnalysisWriter writer = new AnalysisWriter(analysis, this.store, savepoint,
				this.hook.getIfAvailable(() -> AnalysisWriter.WriteHook.NONE), this.space);
		RejectionListener rejections = new RejectionListener(this.store);
		return new StepBuilder(stepName, this.jobRepository).<Comment, Comment>chunk(request.limits().batchSize())
			.transactionManager(this.transactionManager)
			.reader(reader)
			.writer(writer)
			.faultTolerant()
			.skip(RowRejectedException.class)
			.skipLimit(request.limits().skipLimit())
			.skipListener(rejections)
			.listener(writer)
			.listener(rejections)
			.listener(new ProgressListener(reader, writer, rejections))
			.listener(this.stop.listener())
			.build();
	}

}
