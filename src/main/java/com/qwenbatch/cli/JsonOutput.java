package com.qwenbatch.cli;

import java.io.PrintStream;

import tools.jackson.databind.json.JsonMapper;

/**
 * The machine-readable result of a command: one JSON object on the last line of stdout.
 */
public final class JsonOutput {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private JsonOutput() {
	}

	public static void print(PrintStream out, Object value) {
		out.println(MAPPER.writeValueAsString(value));
		out.flush();
	}

}
