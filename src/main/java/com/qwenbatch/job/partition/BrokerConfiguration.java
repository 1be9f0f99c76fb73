package com.qwenbatch.job.partition;

import java.net.URI;
import javax.sql.DataSource;

import com.qwenbatch.job.AnalyzeStepFactory;
import com.qwenbatch.job.GracefulStop;
import com.qwenbatch.job.LoadedModels;
import com.qwenbatch.store.PartitionHeartbeats;
import com.qwenbatch.store.RunLease;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.inbound.AmqpMessageSource;
import org.springframework.integration.amqp.outbound.AmqpOutboundEndpoint;
import org.springframework.integration.config.EnableIntegration;

/**
 * Remote partitioning over RabbitMQ, present only when a broker URL is given (`run
 * --broker`, `worker`): the connection, the durable request queue, Spring Integration's
 * AMQP adapters, the manager's partition handler and the worker loop. Job state is shared
 * through the job repository in the common database.
 */
@Configuration
@ConditionalOnProperty(ScaleOutProperties.BROKER_URL)
@EnableIntegration
@EnableConfigurationProperties(ScaleOutProperties.class)
class BrokerConfiguration {

	@Bean
	CachingConnectionFactory brokerConnectionFactory(ScaleOutProperties properties) {
		CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(properties.brokerUrl()));
		factory.setConnectionNameStrategy((f) -> "qwen-batch " + workerId());
		return factory;
	}

	@Bean
	Queue partitionQueue(ScaleOutProperties properties) {
		return new Queue(properties.queue(), true);
	}

	@Bean
	Queue deadLetterQueue(ScaleOutProperties properties) {
		return new Queue(DeadLetters.queueFor(properties.queue()), true);
	}

	@Bean
	RabbitAdmin brokerAdmin(CachingConnectionFactory connectionFactory) {
		return new RabbitAdmin(connectionFactory);
	}

	@Bean
	AmqpOutboundEndpoint partitionRequestsOut(CachingConnectionFactory connectionFactory,
			ScaleOutProperties properties) {
		AmqpOutboundEndpoint endpoint = new AmqpOutboundEndpoint(new RabbitTemplate(connectionFactory));
		endpoint.setRoutingKey(properties.queue());
		return endpoint;
	}

	@Bean
	AmqpMessageSource partitionRequestsIn(CachingConnectionFactory connectionFactory, ScaleOutProperties properties) {
		return new AmqpMessageSource(connectionFactory, properties.queue());
	}

	@Bean
	PartitionHeartbeats partitionHeartbeats(DataSource dataSource) {
		return new PartitionHeartbeats(dataSource);
	}

	@Bean
	BrokerPartitioning brokerPartitioning(AmqpOutboundEndpoint partitionRequestsOut,
			CachingConnectionFactory connectionFactory, JobRepository jobRepository, PartitionHeartbeats heartbeats,
			ScaleOutProperties properties, GracefulStop stop) {
		PartitionRequests requests = new PartitionRequests(partitionRequestsOut, connectionFactory, properties.queue(),
				new BrokerOutage(properties.broker(), "manager"));
		return (gridSize) -> new BrokerPartitionHandler(requests, jobRepository, heartbeats, stop, properties,
				gridSize);
	}

	@Bean
	PartitionWorker partitionWorker(AmqpMessageSource partitionRequestsIn, CachingConnectionFactory connectionFactory,
			JobRepository jobRepository, AnalyzeStepFactory steps, PartitionHeartbeats heartbeats,
			ScaleOutProperties properties, LoadedModels models, GracefulStop stop) {
		WorkerModel model = properties.model();
		Step step = new PartitionWorkerStep(steps, jobRepository, model);
		StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
		handler.setJobRepository(jobRepository);
		StepLocator onlyThePartitionStep = (name) -> PartitionWorkerStep.NAME.equals(name) ? step : null;
		handler.setStepLocator(onlyThePartitionStep);
		Runnable preload = () -> {
			if (model.model() != null) {
				models.get(model.directory(), model.model(), model.precision());
			}
		};
		DeadLetters deadLetters = new DeadLetters(new RabbitTemplate(connectionFactory), properties.queue());
		return new PartitionWorker(partitionRequestsIn, deadLetters, jobRepository, handler, heartbeats, workerId(),
				properties.queue(), properties.heartbeat(), preload,
				new BrokerOutage(properties.broker(), "worker " + workerId()), stop, model);
	}

	/** host:pid — what the manager's progress lines name. */
	static String workerId() {
		return RunLease.thisProcess();
	}

}
