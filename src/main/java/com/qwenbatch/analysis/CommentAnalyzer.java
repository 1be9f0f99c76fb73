package com.qwenbatch.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.comment.Analysis;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.ControlCharacters;
import com.qwenbatch.comment.TaskLabel;
import com.qwenbatch.llm.Completion;
import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.prompt.OutputType;
import com.qwenbatch.prompt.TaskDefinition;

/**
 * Comment -> sentiment -> follow-up, for a whole batch at once: identical texts are
 * analysed once (within the batch and, through a bounded memo, across the run), sentiment
 * is label-scored per language group, the follow-up runs as one batched generation.
 */
public final class CommentAnalyzer {

	private static final int MEMO_SIZE = 20_000;

	private final LanguageModel model;

	private final AnalysisPlan plan;

	/**
	 * What the model said about each distinct text, by text (most recently used kept).
	 */
	private final Map<String, Analysis> memo = new LinkedHashMap<>(1024, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Analysis> eldest) {
			return size() > MEMO_SIZE;
		}
	};

	private final TaskRunner tasks;

	public CommentAnalyzer(LanguageModel model, AnalysisPlan plan) {
		this.model = model;
		this.plan = plan;
		this.tasks = new TaskRunner(model, plan.language());
	}

	public AnalysisPlan plan() {
		return this.plan;
	}

	public String modelId() {
		return this.model.modelId();
	}

	/** Which files the model was loaded from ({@code ModelFingerprint}). */
	public String fingerprint() {
		return this.model.fingerprint();
	}

	/**
	 * One result per comment, in order. A text the model already answered (earlier in the
	 * batch or in the run) is not sent again: its result is reused, with no tokens or
	 * time of its own.
	 */
	public synchronized List<Analysis> analyze(List<Comment> comments) {
		Map<String, Comment> fresh = new LinkedHashMap<>();
		for (Comment c : comments) {
			if (!this.memo.containsKey(c.text())) {
				fresh.putIfAbsent(c.text(), c);
			}
		}
		if (!fresh.isEmpty()) {
			long start = System.nanoTime();
			List<RowAnswers> answers = run(List.copyOf(fresh.values()));
			long perRow = (System.nanoTime() - start) / 1_000_000 / fresh.size();
			answers.forEach((a) -> this.memo.put(a.comment.text(), a.toAnalysis(this, perRow)));
		}
		List<Analysis> results = new ArrayList<>();
		for (Comment c : comments) {
			Analysis answered = this.memo.get(c.text());
			results.add(answered.comment() == c ? answered : answered.reusedFor(c));
		}
		return results;
	}

	/** Sentiment, the extra label tasks, then the follow-up, each as one batch. */
	private List<RowAnswers> run(List<Comment> comments) {
		List<RowAnswers> rows = comments.stream().map(RowAnswers::new).toList();
		List<TaskRunner.LabelAnswer> sentiments = this.tasks.classify(this.plan.sentiment(), comments);
		for (int i = 0; i < rows.size(); i++) {
			rows.get(i).sentiment(sentiments.get(i));
		}
		for (TaskDefinition task : this.plan.labels()) {
			List<TaskRunner.LabelAnswer> answers = this.tasks.classify(task, comments);
			for (int i = 0; i < rows.size(); i++) {
				rows.get(i).label(task.name(), answers.get(i));
			}
		}
		this.plan.followUp().ifPresent((task) -> followUp(task, rows));
		return rows;
	}

	/**
	 * The follow-up task for the rows the plan's rule wants, as one batch; the others are
	 * marked skipped.
	 */
	private void followUp(TaskDefinition task, List<RowAnswers> rows) {
		List<RowAnswers> wanted = new ArrayList<>();
		for (RowAnswers row : rows) {
			if (this.plan.followUpWhen().wants(row.comment, row.sentiment.label())) {
				wanted.add(row);
			}
			else {
				row.output(null, Analysis.SKIPPED, 0, 0);
			}
		}
		if (wanted.isEmpty()) {
			return;
		}
		List<Comment> comments = wanted.stream().map((row) -> row.comment).toList();
		if (task.type() == OutputType.LABEL) {
			List<TaskRunner.LabelAnswer> labels = this.tasks.classify(task, comments);
			for (int i = 0; i < wanted.size(); i++) {
				TaskRunner.LabelAnswer label = labels.get(i);
				wanted.get(i).output(label.label(), null, label.tokensIn(), label.tokensOut());
			}
		}
		else {
			List<Completion> completions = this.tasks.complete(task, comments, this.plan.maxNewTokens());
			for (int i = 0; i < wanted.size(); i++) {
				Completion c = completions.get(i);
				wanted.get(i)
					.output(ControlCharacters.strip(c.text()), c.stopReason(), c.promptTokens(), c.outputTokens());
			}
		}
	}

	/** One row's answers as the tasks give them, before they become its result. */
	private static final class RowAnswers {

		private final Comment comment;

		private TaskRunner.LabelAnswer sentiment;

		private final Map<String, TaskLabel> labels = new LinkedHashMap<>();

		private String output;

		private String stopReason;

		private int tokensIn;

		private int tokensOut;

		RowAnswers(Comment comment) {
			this.comment = comment;
		}

		void sentiment(TaskRunner.LabelAnswer answer) {
			this.sentiment = answer;
			count(answer.tokensIn(), answer.tokensOut());
		}

		void label(String task, TaskRunner.LabelAnswer answer) {
			this.labels.put(task, new TaskLabel(answer.label(), answer.confidence()));
			count(answer.tokensIn(), answer.tokensOut());
		}

		void output(String text, String stopReason, int tokensIn, int tokensOut) {
			this.output = text;
			this.stopReason = stopReason;
			count(tokensIn, tokensOut);
		}

		private void count(int in, int out) {
			this.tokensIn += in;
			this.tokensOut += out;
		}

		Analysis toAnalysis(CommentAnalyzer analyzer, long latencyMs) {
			return new Analysis(this.comment, this.sentiment.label(), this.sentiment.confidence(),
					this.sentiment.probabilities(), analyzer.plan.followUpName(), this.output, this.stopReason,
					analyzer.model.modelId(), analyzer.model.precision().label(), analyzer.model.fingerprint(),
					analyzer.plan.promptVersion(), this.tokensIn, this.tokensOut, latencyMs, this.labels);
		}

	}

	/**
	 * A stable 64-bit seed from the row id (FNV-1a), so a re-run samples the same reply.
	 */
	public static long seedOf(String id) {
		long hash = 0xcbf29ce484222325L;
		for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
			hash ^= b;
			hash *= 0x100000001b3L;
		}
		return hash;
	}

}
