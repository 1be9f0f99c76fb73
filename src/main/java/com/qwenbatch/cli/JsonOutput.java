package com.qwenbatch.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The machine-readable result of a command: one JSON object on the last line of stdout.
 */
public final class JsonOutput {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private JsonOutput() {
	}

	/** A JSON object whose keys keep the order given: {@code fields("a", 1, "b", 2)}. */
	static Map<String, Object> fields(Object... keysAndValues) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			object.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return object;
	}

	public static void print(PrintStream out, Object value) {
		out.println(MAPPER.writeValueAsString(value));
		out.flush();
	}

}
