package com.qwenbatch.prompt;

import java.util.List;

/** Generation settings of a task; {@code temperature} 0 means greedy. */
public record OutputConstraints(int maxTokens, double temperature, double topP, int topK, double repetitionPenalty,
		List<String> stop) {

	public OutputConstraints {
		stop = List.copyOf(stop);
	}

}
