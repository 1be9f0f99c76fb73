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

	private final Map<String, ModelAnswers> memo = new LinkedHashMap<>(1024, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, ModelAnswers> eldest) {
			return size() > MEMO_SIZE;
		}
	};

	/** What the model said about one distinct text. */
	private record ModelAnswers(String sentiment, double confidence, Map<String, Double> probabilities, String output,
			String stopReason, int tokensIn, int tokensOut, long latencyMs, Map<String, TaskLabel> labels) {
	}

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

	public synchronized List<Analysis> analyze(List<Comment> comments) {
		List<Comment> fresh = new ArrayList<>();
		Map<String, Integer> seen = new LinkedHashMap<>();
		for (Comment c : comments) {
			if (!this.memo.containsKey(c.text()) && !seen.containsKey(c.text())) {
				seen.put(c.text(), fresh.size());
				fresh.add(c);
			}
		}
		if (!fresh.isEmpty()) {
			long start = System.nanoTime();
			List<ModelAnswers> answers = run(fresh);
			long perRow = (System.nanoTime() - start) / 1_000_000 / fresh.size();
			for (int i = 0; i < fresh.size(); i++) {
				ModelAnswers o = answers.get(i);
				this.memo.put(fresh.get(i).text(), new ModelAnswers(o.sentiment(), o.confidence(), o.probabilities(),
						o.output(), o.stopReason(), o.tokensIn(), o.tokensOut(), perRow, o.labels()));
			}
		}
		List<Analysis> results = new ArrayList<>();
		for (Comment c : comments) {
			boolean reused = !seen.containsKey(c.text()) || fresh.get(seen.get(c.text())) != c;
			ModelAnswers o = this.memo.get(c.text());
			results.add(new Analysis(c, o.sentiment(), o.confidence(), o.probabilities(), this.plan.followUpName(),
					o.output(), o.stopReason(), this.model.modelId(), this.model.precision().label(),
					this.plan.promptVersion(), reused ? 0 : o.tokensIn(), reused ? 0 : o.tokensOut(),
					reused ? 0 : o.latencyMs(), o.labels()));
		}
		return results;
	}

	private List<ModelAnswers> run(List<Comment> comments) {
		List<TaskRunner.LabelAnswer> sentiments = this.tasks.classify(this.plan.sentiment(), comments);
		List<Map<String, TaskLabel>> extraLabels = new ArrayList<>();
		comments.forEach((c) -> extraLabels.add(new LinkedHashMap<>()));
		int[] labelIn = new int[comments.size()];
		int[] labelOut = new int[comments.size()];
		for (TaskDefinition task : this.plan.labels()) {
			List<TaskRunner.LabelAnswer> answers = this.tasks.classify(task, comments);
			for (int i = 0; i < answers.size(); i++) {
				TaskRunner.LabelAnswer a = answers.get(i);
				extraLabels.get(i).put(task.name(), new TaskLabel(a.label(), a.confidence()));
				labelIn[i] += a.tokensIn();
				labelOut[i] += a.tokensOut();
			}
		}
		List<String> outputs = new ArrayList<>();
		List<String> stopReasons = new ArrayList<>();
		int[] followIn = new int[comments.size()];
		int[] followOut = new int[comments.size()];
		if (this.plan.followUp().isPresent()) {
			TaskDefinition task = this.plan.followUp().get();
			if (task.type() == OutputType.LABEL) {
				List<TaskRunner.LabelAnswer> labels = this.tasks.classify(task, comments);
				for (int i = 0; i < labels.size(); i++) {
					outputs.add(labels.get(i).label());
					stopReasons.add(null);
					followIn[i] = labels.get(i).tokensIn();
					followOut[i] = labels.get(i).tokensOut();
				}
			}
			else {
				List<Completion> completions = this.tasks.complete(task, comments, this.plan.maxNewTokens());
				for (int i = 0; i < completions.size(); i++) {
					outputs.add(ControlCharacters.strip(completions.get(i).text()));
					stopReasons.add(completions.get(i).stopReason());
					followIn[i] = completions.get(i).promptTokens();
					followOut[i] = completions.get(i).outputTokens();
				}
			}
		}
		List<ModelAnswers> out = new ArrayList<>();
		for (int i = 0; i < comments.size(); i++) {
			TaskRunner.LabelAnswer s = sentiments.get(i);
			out.add(new ModelAnswers(s.label(), s.confidence(), s.probabilities(),
					outputs.isEmpty() ? null : outputs.get(i), stopReasons.isEmpty() ? null : stopReasons.get(i),
					s.tokensIn() + followIn[i] + labelIn[i], s.tokensOut() + followOut[i] + labelOut[i], 0,
					extraLabels.get(i)));
		}
		return out;
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
