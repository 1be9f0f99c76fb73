package com.qwenbatch.cli;

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

	/** The property that gives the run's or worker's models their slots. */
	static void put(Arguments args, java.util.Map<String, String> properties) {
		properties.put(LoadedModels.DECODE_SLOTS, String.valueOf(of(args)));
	}

}
