package com.qwenbatch.job;

import com.qwenbatch.llm.Precision;
import com.qwenbatch.source.FileFingerprint;
import com.qwenbatch.source.SourceSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's stored request is read back on every resume, also when an earlier version
 * stored it: fields added since are absent there and take their defaults.
 */
class RunRequestTest {

	/** As the previous version stored it (no idFromText, no input fingerprint). */
	private static final String EARLIER = """
			{"source":{"kind":"csv","path":"/data/comments.csv","encoding":"UTF-8","columns":{"id":null,"text":null,\
			"date":null,"channel":null}},"analysis":{"task":"reply","model":"demo","modelDirectory":"./models/demo",\
			"prompts":null,"language":"auto","precision":"F32","labels":["topic"]},"limits":{"batchSize":16,\
			"maxChars":2000,"skipLimit":10000,"maxRejectedPercent":5.0,"maxNewTokens":32,"databaseRetrySeconds":120,\
			"limit":0},"outputs":{"report":true,"reportDir":"reports","logRows":false,"reviewThreshold":0.6},\
			"selection":{"sinceLastRun":false,"reanalyze":false,"partitions":1}}""";

	@Test
	void aRequestStoredByTheEarlierVersionIsReadWithDefaultsForNewFields() {
		RunRequest request = RunRequest.fromJson(EARLIER);
		assertThat(request.source()).isInstanceOfSatisfying(SourceSpec.CsvFile.class,
				(csv) -> assertThat(csv.idFromText()).isFalse());
		assertThat(request.input()).isNull();
		assertThat(request.modelTasks().task()).isEqualTo("reply");
		assertThat(request.modelTasks().precision()).isEqualTo(Precision.F32);
		assertThat(request.modelTasks().labels()).containsExactly("topic");
	}

	@Test
	void aStartedRequestKeepsItsPrecisionAndFingerprintThroughItsStoredForm() {
		RunRequest earlier = RunRequest.fromJson(EARLIER);
		FileFingerprint input = new FileFingerprint(1234, "2026-12-06T02:00:00Z", "ab".repeat(32));
		RunRequest started = earlier.started(Precision.BF16, input);
		RunRequest back = RunRequest.fromJson(started.toJson());
		assertThat(back).isEqualTo(started);
		assertThat(back.toJson()).contains("\"analysis\":{");
		assertThat(back.forWorker("/elsewhere").modelTasks().precision()).as("a worker keeps the run's precision")
			.isEqualTo(Precision.BF16);
	}

}
