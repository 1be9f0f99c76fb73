package com.qwenbatch.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.job.RunHistory;
import com.qwenbatch.job.RunPlan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code runs} and {@code runs show ID}: past runs from the job repository, newest first.
 */
final class RunsCommand {

	static final CommandSpec LIST = CommandSpec
		.of("runs", "list past runs, newest first, with their counts and outcome")
		.option("limit", "N", "20", "how many runs")
		.flag("json", "one JSON line with every run instead of the table")
		.resultsDatabaseOption()
		.example("runs")
		.example("runs --db jdbc:postgresql://db-host:5432/stats --json");

	static final CommandSpec SHOW = CommandSpec.of("runs show", "one run in detail: its settings, steps and partitions")
		.usage("runs show ID [options]")
		.flag("json", "one JSON line instead of text")
		.resultsDatabaseOption()
		.example("runs show 12");

	private final PrintStream out;

	private final SpringContexts contexts;

	RunsCommand(PrintStream out, SpringContexts contexts) {
		this.out = out;
		this.contexts = contexts;
	}

	int run(List<String> words) {
		boolean show = !words.isEmpty() && words.get(0).equals("show");
		Arguments args = new Arguments(show ? words.subList(1, words.size()) : words, show ? SHOW : LIST);
		boolean json = args.flag("json");
		String db = args.get("db");
		if (show) {
			List<String> ids = args.positional();
			if (ids.size() != 1 || !ids.get(0).matches("\\d+")) {
				throw new UsageException("runs show needs one run id (see: runs)");
			}
			args.rejectUnknown();
			try (ConfigurableApplicationContext context = this.contexts.start(db)) {
				return show(context.getBean(RunHistory.class), Long.parseLong(ids.get(0)), json);
			}
		}
		int limit = args.integer("limit", 1, 100_000);
		if (!args.positional().isEmpty()) {
			throw new UsageException("unexpected '" + args.positional().get(0) + "' (runs, or runs show ID)");
		}
		args.rejectUnknown();
		try (ConfigurableApplicationContext context = this.contexts.start(db)) {
			List<RunHistory.PastRun> runs = context.getBean(RunHistory.class).list(limit);
			if (!json) {
				this.out.printf("%6s  %-19s  %9s  %-9s  %5s  %-24s  %-8s  %-24s  %7s  %8s  %9s  %8s%n", "id", "start",
						"duration", "status", "exit", "source", "task", "model", "read", "analysed", "unchanged",
						"rejected");
				runs.forEach(
						(r) -> this.out.printf("%6d  %-19s  %9s  %-9s  %5s  %-24s  %-8s  %-24s  %7d  %8d  %9d  %8d%n",
								r.id(), time(r.start()), duration(r.start(), r.end()), r.status(), exitCode(r),
								cut(r.source(), 24), cut(r.task(), 8), cut(r.model(), 24), r.outcome().read(),
								r.outcome().analysed(), r.outcome().unchanged(), r.outcome().rejected()));
			}
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("runs", runs.stream().map(RunsCommand::toJson).toList());
			JsonOutput.print(this.out, result);
			return ExitCodes.OK;
		}
	}

	private int show(RunHistory history, long id, boolean json) {
		RunHistory.PastRun run = history.find(id)
			.orElseThrow(() -> new UsageException("no run with id " + id + " (see: runs)"));
		List<RunHistory.StepRun> steps = history.steps(id);
		Map<String, Object> result = toJson(run);
		if (run.request() != null) {
			result.put("settings", run.request());
		}
		result.put("steps", steps.stream().map(RunsCommand::toJson).toList());
		if (!json) {
			this.out.printf("run %d: %s, exit code %s, %s → %s (%s)%n", run.id(), run.status(), exitCode(run),
					time(run.start()), time(run.end()), duration(run.start(), run.end()));
			String when = run.request() == null || run.request().modelTasks().taskWhen().isEmpty() ? ""
					: " (only for " + String.join(", ", run.request().modelTasks().taskWhen()) + ")";
			this.out.printf("  source %s, task %s%s, model %s%n", run.source(), run.task(), when, run.model());
			this.out.printf("  read %d, analysed %d (changed %d), unchanged %d, rejected %d%n", run.outcome().read(),
					run.outcome().analysed(), run.outcome().changed(), run.outcome().unchanged(),
					run.outcome().rejected());
			if (run.outcome().failure() != null) {
				this.out.println("  error: " + run.outcome().failure());
			}
			for (RunHistory.StepRun step : steps) {
				this.out.printf(
						"  step %-28s %-9s read %6d  written %6d  rejected %5d  commits %5d  rollbacks %3d  %s%s%n",
						step.name(), step.status(), step.read(), step.written(), step.rejected(), step.commits(),
						step.rollbacks(), duration(step.start(), step.end()),
						step.exitDescription().isEmpty() ? "" : "  " + step.exitDescription());
			}
		}
		JsonOutput.print(this.out, result);
		return ExitCodes.OK;
	}

	private static Map<String, Object> toJson(RunHistory.PastRun run) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", run.id());
		json.put("start", run.start() == null ? null : run.start().toString());
		json.put("end", run.end() == null ? null : run.end().toString());
		json.put("seconds", run.start() == null || run.end() == null ? null
				: Duration.between(run.start(), run.end()).toMillis() / 1000.0);
		json.put("status", run.status());
		json.put("exit_code", run.running() ? null : ExitCodes.of(run.outcome().ending()));
		json.put("source", run.source());
		json.put("task", run.task());
		json.put("model", run.model());
		json.put("rows_read", run.outcome().read());
		json.put("analysed", run.outcome().analysed());
		json.put("unchanged", run.outcome().unchanged());
		json.put("changed", run.outcome().changed());
		json.put("rejected", run.outcome().rejected());
		json.put("error", run.outcome().failure());
		return json;
	}

	private static Map<String, Object> toJson(RunHistory.StepRun step) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", step.name());
		json.put("status", step.status());
		json.put("start", step.start() == null ? null : step.start().toString());
		json.put("end", step.end() == null ? null : step.end().toString());
		json.put("read", step.read());
		json.put("written", step.written());
		json.put("rejected", step.rejected());
		json.put("commits", step.commits());
		json.put("rollbacks", step.rollbacks());
		json.put("exit_description", step.exitDescription());
		return json;
	}

	private static String exitCode(RunHistory.PastRun run) {
		return run.running() ? "-" : String.valueOf(ExitCodes.of(run.outcome().ending()));
	}

	private static String time(LocalDateTime time) {
		return time == null ? "-" : time.withNano(0).toString().replace('T', ' ');
	}

	static String duration(LocalDateTime start, LocalDateTime end) {
		if (start == null || end == null) {
			return "-";
		}
		return RunPlan.duration(Duration.between(start, end).toSeconds());
	}

	private static String cut(String text, int width) {
		return text.length() <= width ? text : "…" + text.substring(text.length() - width + 1);
	}

}
