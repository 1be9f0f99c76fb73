package com.qwenbatch.job.partition;

import java.nio.charset.StandardCharsets;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Where a partition request that no worker can run goes (a malformed message, an unknown
 * step or step execution): a durable queue beside the request queue,
 * {@code <queue>.dead}, with the reason in a header, so it is kept for a person to look
 * at and never handed to a worker again.
 */
class DeadLetters {

	static final String REASON_HEADER = "x-qwen-batch-reason";

	private final RabbitTemplate template;

	private final String queue;

	DeadLetters(RabbitTemplate template, String requestQueue) {
		this.template = template;
		this.queue = queueFor(requestQueue);
	}

	static String queueFor(String requestQueue) {
		return requestQueue + ".dead";
	}

	String queue() {
		return this.queue;
	}

	void send(String payload, String reason) {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(REASON_HEADER, reason);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		this.template.send("", this.queue, new Message(payload.getBytes(StandardCharsets.UTF_8), properties));
	}

}
