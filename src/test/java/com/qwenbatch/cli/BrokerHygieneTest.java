package com.qwenbatch.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.qwenbatch.QwenBatchApplication;
import com.qwenbatch.job.partition.PartitionWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A malformed or unknown partition request on the real RabbitMQ broker: a worker moves it
 * to the dead-letter queue with its reason, once, and goes on serving; it is never
 * redelivered.
 */
class BrokerHygieneTest {

	private static final String BROKER = "amqp://guest:guest@127.0.0.1:5672";

	private final String queue = "qwen-batch.test-" + UUID.randomUUID();

	@RegisterExtension
	final TestSchemas schemas = new TestSchemas();

	@AfterEach
	void cleanUp() throws SQLException {
		CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(BROKER));
		try {
			RabbitAdmin admin = new RabbitAdmin(factory);
			admin.deleteQueue(this.queue);
			admin.deleteQueue(this.queue + ".dead");
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void badRequestsGoToTheDeadLetterQueueAndTheWorkerCarriesOn() throws Exception {
		String schema = this.schemas.create();
		Map<String, String> properties = Map.of("qwen-batch.scale-out.broker-url", BROKER, "qwen-batch.scale-out.queue",
				this.queue);
		try (ConfigurableApplicationContext worker = new SpringContexts(QwenBatchApplication.class, System.out, false)
			.start(Faults.pg(schema), properties)) {
			CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(BROKER));
			try {
				RabbitTemplate template = new RabbitTemplate(factory);
				RabbitAdmin admin = new RabbitAdmin(factory);
				admin.declareQueue(new Queue(this.queue, true)); // as the worker declares
																	// them
				admin.declareQueue(new Queue(this.queue + ".dead", true));
				send(template, "{not json");
				send(template, "{\"stepName\":\"dropTables\",\"jobExecutionId\":1,\"stepExecutionId\":1}");
				send(template, "{\"stepName\":\"analyzePartition\",\"jobExecutionId\":1,\"stepExecutionId\":987654}");

				worker.getBean(PartitionWorker.class).run(2); // serves until idle for 2 s

				List<String> reasons = new ArrayList<>();
				Message dead;
				while ((dead = template.receive(this.queue + ".dead", 1000)) != null) {
					reasons.add(dead.getMessageProperties().getHeader("x-qwen-batch-reason"));
				}
				assertThat(reasons).hasSize(3);
				assertThat(reasons.get(0)).startsWith("not a partition request");
				assertThat(reasons.get(1)).isEqualTo("unknown step 'dropTables'");
				assertThat(reasons.get(2)).contains("no step execution 987654");
				assertThat(template.receive(this.queue, 500)).as("nothing left to redeliver").isNull();
			}
			finally {
				factory.destroy();
			}
		}
	}

	private void send(RabbitTemplate template, String payload) {
		template.send("", this.queue, new Message(payload.getBytes(StandardCharsets.UTF_8)));
	}

}
