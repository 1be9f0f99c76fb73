package com.qwenbatch.llm;

import java.util.Locale;

/**
 * The {@code --precision} setting: how projection weights are held and multiplied.
 * {@code auto} becomes F32 or BF16 when the model loads (see {@link PrecisionChoice}).
 */
public enum Precision {

	AUTO, F32, BF16;

	/** "auto", "f32" or "bf16" (any case); null for anything else. */
	public static Precision parse(String text) {
		for (Precision p : values()) {
			if (p.label().equalsIgnoreCase(text.trim())) {
				return p;
			}
		}
		return null;
	}

	/** As users write it: auto, f32, bf16. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
