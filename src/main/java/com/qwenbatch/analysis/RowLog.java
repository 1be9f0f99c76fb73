package com.qwenbatch.analysis;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.qwenbatch.comment.Analysis;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --log-rows}: one JSON line per analysed row, so every model call can be traced.
 */
public final class RowLog {

	private static final int INPUT_CHARS = 80;

	private final PrintStream out;

	private final JsonMapper json = JsonMapper.builder().build();

	public RowLog(PrintStream out) {
		this.out = out;
	}

	public synchronized void log(Analysis a) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("timestamp", Instant.now().toString());
		line.put("id", a.comment().id());
		line.put("task", "sentiment+" + a.task());
		String text = a.comment().text();
		line.put("input", text.length() <= INPUT_CHARS ? text : text.substring(0, INPUT_CHARS) + "…");
		line.put("prompt_version", a.promptVersion());
		line.put("tokens_in", a.tokensIn());
		line.put("tokens_out", a.tokensOut());
		line.put("latency_ms", a.latencyMs());
		line.put("sentiment", a.sentiment());
		line.put("confidence", Math.round(a.confidence() * 10000) / 10000.0);
		line.put("output", a.output());
		this.out.println(this.json.writeValueAsString(line));
	}

}
