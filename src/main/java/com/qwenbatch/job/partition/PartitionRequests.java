package com.qwenbatch.job.partition;

import java.net.ConnectException;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.integration.amqp.outbound.AmqpOutboundEndpoint;
import org.springframework.integration.support.MessageBuilder;

/**
 * Puts partition requests on the broker's queue (Spring Integration's AMQP outbound
 * adapter). A broker out of reach is not an error here: the call says so, the outage is
 * tracked, and the caller tries again later.
 */
final class PartitionRequests {

	private final AmqpOutboundEndpoint outbound;

	private final ConnectionFactory connections;

	private final String destination;

	private final BrokerOutage outage;

	PartitionRequests(AmqpOutboundEndpoint outbound, ConnectionFactory connections, String destination,
			BrokerOutage outage) {
		this.outbound = outbound;
		this.connections = connections;
		this.destination = destination;
		this.outage = outage;
	}

	/** Sends the request; false when the broker is out of reach (try again later). */
	boolean trySend(PartitionRequest request) {
		try {
			this.outbound.handleMessage(MessageBuilder.withPayload(request.toJson()).build());
			this.outage.back();
			return true;
		}
		catch (RuntimeException ex) {
			this.outage.lost(ex);
			return false;
		}
	}

	/** Whether the broker answers now (opens or reuses the connection). */
	boolean reachable() {
		try (Connection connection = this.connections.createConnection()) {
			if (!connection.isOpen()) {
				this.outage.lost(new AmqpConnectException(new ConnectException("the connection is closed")));
				return false;
			}
			this.outage.back();
			return true;
		}
		catch (RuntimeException ex) {
			this.outage.lost(ex);
			return false;
		}
	}

	BrokerOutage outage() {
		return this.outage;
	}

	String destination() {
		return this.destination;
	}

}
