package com.qwenbatch.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.qwenbatch.llm.Precision;
import com.qwenbatch.source.FileFingerprint;
import com.qwenbatch.source.SourceSpec;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything one run needs, validated before anything starts and carried in the job's
 * parameters (as JSON, without credentials), so a restart knows what the run it resumes
 * asked for. The source, task and model identify the job: the same three resume an
 * unfinished run.
 *
 * @param source where the comments come from
 * @param modelTasks what is asked of the model (stored as "analysis") (cannot change when
 * an unfinished run is resumed)
 * @param limits batch size and bounds (may change on resume)
 * @param outputs the report and the row log (may change on resume)
 * @param selection which rows: since the last run, all again, in how many partitions
 * @param input what the CSV export was when the run started (null for a database source,
 * and until the run starts)
 */
public record RunRequest(SourceSpec source, @JsonProperty("analysis") ModelTasks modelTasks, Limits limits,
		Outputs outputs, Selection selection, FileFingerprint input) {

	static final String PARAMETER = "settings";

	public RunRequest {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(modelTasks, "modelTasks");
		Objects.requireNonNull(limits, "limits");
		Objects.requireNonNull(outputs, "outputs");
		Objects.requireNonNull(selection, "selection");
	}

	/** A request before its run starts: no input fingerprint yet. */
	public RunRequest(SourceSpec source, ModelTasks modelTasks, Limits limits, Outputs outputs, Selection selection) {
		this(source, modelTasks, limits, outputs, selection, null);
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The model, the prompts, the follow-up task, the extra label tasks
	 * ({@code --labels}, e.g. topic) and the precision asked for (null in runs started by
	 * earlier versions: none, and {@code auto}).
	 */
	public record ModelTasks(String task, String model, String modelDirectory, String prompts, String language,
			Precision precision, List<String> labels, List<String> taskWhen) {

		public ModelTasks {
			precision = Objects.requireNonNullElse(precision, Precision.AUTO);
			labels = List.copyOf(Objects.requireNonNullElse(labels, List.of()));
			taskWhen = List.copyOf(Objects.requireNonNullElse(taskWhen, List.of()));
		}

	}

	/**
	 * How much is read and generated at once, what a run may reject, how long a lost
	 * database connection is waited for, and how many rows of the source are read
	 * ({@code limit}, 0: all).
	 */
	public record Limits(int batchSize, int maxChars, long skipLimit, double maxRejectedPercent, int maxNewTokens,
			int databaseRetrySeconds, long limit) {
	}

	/**
	 * What is written besides the results table; results below {@code reviewThreshold}
	 * confidence go to the report's Review sheet.
	 */
	public record Outputs(boolean report, String reportDir, boolean logRows, double reviewThreshold) {
	}

	/** Which rows a run reads and analyses. */
	public record Selection(boolean sinceLastRun, boolean reanalyze, int partitions) {
	}

	/** Split into partitions (a scaled-out run) rather than read as one stream. */
	public boolean partitioned() {
		return this.selection.partitions() > 1;
	}

	/**
	 * The same request with the model files found in this process's {@code directory} (a
	 * worker on another machine has its own copy).
	 */
	public RunRequest forWorker(String directory) {
		return with(directory, this.modelTasks.precision(), this.input);
	}

	/**
	 * The request as its run stores it: the precision decided for the whole run and what
	 * the input file was.
	 */
	RunRequest started(Precision precision, FileFingerprint input) {
		return with(this.modelTasks.modelDirectory(), precision, input);
	}

	private RunRequest with(String directory, Precision precision, FileFingerprint input) {
		ModelTasks a = this.modelTasks;
		return new RunRequest(this.source, new ModelTasks(a.task(), a.model(), directory, a.prompts(), a.language(),
				precision, a.labels(), a.taskWhen()), this.limits, this.outputs, this.selection, input);
	}

	/**
	 * The options an unfinished run cannot change when it is resumed, by option name: a
	 * run that switched prompts, language, columns or partitioning halfway would mix two
	 * kinds of results.
	 */
	Map<String, Object> fixedOnResume() {
		Map<String, Object> fixed = new LinkedHashMap<>();
		fixed.put("--prompts", Objects.requireNonNullElse(this.modelTasks.prompts(), "(default)"));
		fixed.put("--language", this.modelTasks.language());
		fixed.put("--labels",
				this.modelTasks.labels().isEmpty() ? "(none)" : String.join(",", this.modelTasks.labels()));
		fixed.put("--task-when",
				this.modelTasks.taskWhen().isEmpty() ? "(every row)" : String.join(",", this.modelTasks.taskWhen()));
		if (this.source instanceof SourceSpec.CsvFile csv) {
			fixed.put("--encoding", csv.encoding());
			fixed.put("--id-from-text", csv.idFromText());
		}
		fixed.put("--id-column", this.source.columns().id());
		fixed.put("--text-column", this.source.columns().text());
		fixed.put("--date-column", this.source.columns().date());
		fixed.put("--channel-column", this.source.columns().channel());
		fixed.put("--since-last-run", this.selection.sinceLastRun());
		fixed.put("--partitions", this.selection.partitions());
		return fixed;
	}

	/**
	 * Identifying: source key, task, model and the run's sequence number; the request
	 * itself is not.
	 */
	public JobParameters toJobParameters(long sequence) {
		return new JobParametersBuilder().addString("source", truncate(this.source.key()))
			.addString("task", this.modelTasks.task())
			.addString("model", truncate(this.modelTasks.model()))
			.addLong("run.seq", sequence)
			.addString(PARAMETER, toJson(), false)
			.toJobParameters();
	}

	public String toJson() {
		return JSON.writeValueAsString(this);
	}

	public static RunRequest from(JobParameters parameters) {
		return fromJson(parameters.getString(PARAMETER));
	}

	/**
	 * The request an execution was started with, or empty when it has none this version
	 * can read (an execution started by an earlier version of the product).
	 */
	public static Optional<RunRequest> readable(JobParameters parameters) {
		String json = parameters.getString(PARAMETER);
		if (json == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(fromJson(json));
		}
		catch (JacksonException | NullPointerException ex) {
			return Optional.empty();
		}
	}

	public static RunRequest fromJson(String json) {
		return JSON.readValue(json, RunRequest.class);
	}

	private static String truncate(String value) {
		return value.length() <= 2000 ? value : value.substring(0, 2000);
	}

}
