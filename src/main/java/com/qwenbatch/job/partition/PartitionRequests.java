package com.qwenbatch.job.partition;

import org.springframework.integration.amqp.outbound.AmqpOutboundEndpoint;
import org.springframework.integration.support.MessageBuilder;

/**
 * Puts partition requests on the broker's queue (Spring Integration's AMQP outbound
 * adapter).
 */
final class PartitionRequests {

	private final AmqpOutboundEndpoint outbound;

	private final String destination;

	PartitionRequests(AmqpOutboundEndpoint outbound, String destination) {
		this.outbound = outbound;
		this.destination = destination;
	}

	void send(PartitionRequest request) {
		this.outbound.handleMessage(MessageBuilder.withPayload(request.toJson()).build());
	}

	String destination() {
		return this.destination;
	}

}
