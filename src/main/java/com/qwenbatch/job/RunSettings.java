package com.qwenbatch.job;

import java.nio.file.Path;

import com.qwenbatch.source.CsvCommentSource;
import com.qwenbatch.source.JdbcCommentSource;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything one run needs, carried in the job's parameters so a restart uses exactly the
 * settings of the run it resumes. Source, task and model identify the job instance.
 */
public record RunSettings(String input, String encoding, String idColumn, String textColumn, String dateColumn,
		String channelColumn, String sourceDb, String sourceTable, String sourceQuery, String task, String model,
		String modelDirectory, String prompts, String language, int batchSize, int maxChars, long skipLimit,
		double maxRejectedPercent, boolean sinceLastRun, boolean reanalyze, boolean logRows, boolean report,
		String reportDir, int maxNewTokens, int partitions) {

	static final String PARAMETER = "settings";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Split into partitions (a scaled-out run) rather than read as one stream. */
	public boolean partitioned() {
		return this.partitions > 1;
	}

	/** The same settings with the model files found in this process's {@code directory} (a worker). */
	public RunSettings withModelDirectory(String directory) {
		return new RunSettings(this.input, this.encoding, this.idColumn, this.textColumn, this.dateColumn,
				this.channelColumn, this.sourceDb, this.sourceTable, this.sourceQuery, this.task, this.model, directory,
				this.prompts, this.language, this.batchSize, this.maxChars, this.skipLimit, this.maxRejectedPercent,
				this.sinceLastRun, this.reanalyze, this.logRows, this.report, this.reportDir, this.maxNewTokens,
				this.partitions);
	}

	public boolean fromDatabase() {
		return this.input == null;
	}

	/** What identifies the data: the CSV file's absolute path, or the database and table/query. */
	public String sourceKey() {
		if (!fromDatabase()) {
			return "csv:" + Path.of(this.input).toAbsolutePath().normalize();
		}
		return "db:" + this.sourceDb + ":" + (this.sourceTable != null ? this.sourceTable : "query:" + this.sourceQuery);
	}

	/** The source name stored with each result row: the CSV file name, the table, or "query". */
	public String sourceName() {
		return fromDatabase() ? JdbcCommentSource.sourceName(this.sourceTable, this.sourceQuery)
				: CsvCommentSource.sourceName(Path.of(this.input));
	}

	public JobParameters toJobParameters(long sequence) {
		return new JobParametersBuilder().addString("source", truncate(sourceKey()))
			.addString("task", this.task)
			.addString("model", truncate(this.model))
			.addLong("run.seq", sequence)
			.addString(PARAMETER, JSON.writeValueAsString(this), false)
			.toJobParameters();
	}

	public static RunSettings from(JobParameters parameters) {
		return fromJson(parameters.getString(PARAMETER));
	}

	public static RunSettings fromJson(String json) {
		return JSON.readValue(json, RunSettings.class);
	}

	private static String truncate(String value) {
		return value.length() <= 2000 ? value : value.substring(0, 2000);
	}

}
