package com.qwenbatch.cli;

import java.util.List;

import com.qwenbatch.source.DatabaseAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two deployments on one broker (two results databases) get two request queues; the same
 * database, however its URL is written or whoever logs in, gets the same one.
 */
class QueuePerDeploymentTest {

	private static String queue(String url) {
		return ScaleOut.queueFor(DatabaseAddress.parse(url).address());
	}

	@Test
	void eachResultsDatabaseHasItsOwnQueueAndCredentialsDoNotChangeIt() {
		String production = queue("jdbc:postgresql://db.example:5432/stats");
		String staging = queue("jdbc:postgresql://db.example:5432/stats_staging");
		assertThat(production).matches("qwen-batch\\.partitions\\.[0-9a-f]{12}").isNotEqualTo(staging);
		assertThat(queue("jdbc:postgresql://DB.example/stats?user=batch&password=secret")).isEqualTo(production);
		assertThat(queue("jdbc:postgresql://db.example:5432/stats?currentSchema=other")).isNotEqualTo(production);
		assertThat(production).doesNotContain("secret").doesNotContain("db.example");
	}

	@Test
	void aQueueNamedByHandIsCheckedAndNeedsABroker() {
		ModelCommandTest.Run bad = ModelCommandTest.run("worker", "--broker", "amqp://guest:guest@127.0.0.1:5672",
				"--db", "jdbc:postgresql://127.0.0.1:5432/test", "--queue", "a queue with spaces");
		assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(bad.stderr()).contains("--queue a queue with spaces");
		ModelCommandTest.Run alone = ModelCommandTest.run(List.of("run", "--input", "sample-data/comments.csv",
				"--model", "demo", "--queue", "mine", "--db", "jdbc:h2:mem:q")
			.toArray(String[]::new));
		assertThat(alone.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(alone.stderr()).contains("--queue needs --broker");
	}

}
