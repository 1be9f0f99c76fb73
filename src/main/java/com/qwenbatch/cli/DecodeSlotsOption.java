package com.qwenbatch.cli;

import java.util.Map;

import com.qwenbatch.job.LoadedModels;
import com.qwenbatch.llm.QwenEngine;

/** {@code --decode-slots N}: how many replies one process generates at once. */
final class DecodeSlotsOption {

	static final String NAME = "decode-slots";

	private DecodeSlotsOption() {
	}

	static int of(Arguments args) {
		return args.intOption(NAME, QwenEngine.DEFAULT_DECODE_SLOTS, 1, 256);
	}

	/** The property that gives a run's or worker's models {@code slots}. */
	static Map<String, String> property(int slots) {
		return Map.of(LoadedModels.DECODE_SLOTS, String.valueOf(slots));
	}

}
