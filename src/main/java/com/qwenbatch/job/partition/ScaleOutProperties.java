package com.qwenbatch.job.partition;

import java.time.Duration;

import java.net.URI;

import com.qwenbatch.llm.Precision;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of a scaled-out run (`run --broker` / `worker`), set by those commands.
 *
 * @param brokerUrl amqp://user:password@host:5672[/vhost]
 * @param queue the queue partition requests go through
 * @param workerTimeout a running partition whose worker sent no heartbeat for this long
 * is failed
 * @param heartbeat how often a worker says it is alive
 * @param pollInterval how often the manager reads the partitions' state
 * @param workerModel the model this worker serves ({@code --model}), or null for the
 * run's model
 * @param workerModelDirectory where {@code workerModel}'s files are on this machine
 * @param workerPrecision the worker's {@code --precision}
 * @param brokerRetry how long the manager waits for a broker that is out of reach
 * @param workerCommand the {@code worker} command that serves this run (credentials left
 * out), for the line that says none is running
 */
@ConfigurationProperties("qwen-batch.scale-out")
record ScaleOutProperties(String brokerUrl, @DefaultValue("qwen-batch.partitions") String queue,
		@DefaultValue("60s") Duration workerTimeout, @DefaultValue("2s") Duration heartbeat,
		@DefaultValue("1s") Duration pollInterval, String workerModel, String workerModelDirectory,
		@DefaultValue("AUTO") Precision workerPrecision, @DefaultValue("300s") Duration brokerRetry,
		@DefaultValue("qwen-batch worker") String workerCommand) {

	static final String BROKER_URL = "qwen-batch.scale-out.broker-url";

	/** The broker as "host:port": never its credentials. */
	String broker() {
		URI uri = URI.create(this.brokerUrl);
		int port = uri.getPort() > 0 ? uri.getPort() : ("amqps".equals(uri.getScheme()) ? 5671 : 5672);
		return uri.getHost() + ":" + port;
	}

	WorkerModel model() {
		return this.workerModel == null ? WorkerModel.any(this.workerPrecision)
				: new WorkerModel(this.workerModel, this.workerModelDirectory, this.workerPrecision);
	}

}
