package com.qwenbatch.job.partition;

import tools.jackson.databind.json.JsonMapper;

/**
 * The message a manager puts on the broker for each partition: run step {@code stepName}
 * for the step execution {@code stepExecutionId}. Plain JSON, so nothing is deserialised
 * into Java objects from the wire.
 */
record PartitionRequest(String stepName, long jobExecutionId, long stepExecutionId) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	String toJson() {
		return JSON.writeValueAsString(this);
	}

	static PartitionRequest fromJson(String json) {
		return JSON.readValue(json, PartitionRequest.class);
	}

}
