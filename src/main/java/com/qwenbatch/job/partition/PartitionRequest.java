package com.qwenbatch.job.partition;

import tools.jackson.databind.json.JsonMapper;

/**
 * The message a manager puts on the broker for each partition: run step {@code stepName}
 * for the step execution {@code stepExecutionId}, with the model whose files have this
 * {@code ModelFingerprint} (null: not checked, e.g. a request from an earlier version).
 * Plain JSON, so nothing is deserialised into Java objects from the wire.
 */
record PartitionRequest(String stepName, long jobExecutionId, long stepExecutionId, String modelFingerprint) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	String toJson() {
		return JSON.writeValueAsString(this);
	}

	static PartitionRequest fromJson(String json) {
		return JSON.readValue(json, PartitionRequest.class);
	}

}
