package com.qwenbatch.llm.model;

import java.util.Arrays;

/** The two decoder families we implement. They differ only in attention details. */
public enum Architecture {

	/** Qwen1.5, Qwen2, Qwen2.5: q/k/v projections carry a bias. */
	QWEN2("Qwen2ForCausalLM", "qwen2"),

	/**
	 * Qwen3: no q/k/v bias, a per-head RMSNorm on queries and keys, explicit head_dim.
	 */
	QWEN3("Qwen3ForCausalLM", "qwen3");

	private final String hfClassName;

	private final String shortName;

	Architecture(String hfClassName, String shortName) {
		this.hfClassName = hfClassName;
		this.shortName = shortName;
	}

	public String hfClassName() {
		return this.hfClassName;
	}

	public String shortName() {
		return this.shortName;
	}

	public static Architecture fromHfClassName(String name, String source) {
		return Arrays.stream(values())
			.filter((a) -> a.hfClassName.equals(name))
			.findFirst()
			.orElseThrow(() -> new ModelLoadException(source + ": unknown architecture '" + name
					+ "'; supported: Qwen2ForCausalLM (Qwen1.5/2/2.5) and Qwen3ForCausalLM"));
	}

	public static Architecture fromShortName(String name) {
		return Arrays.stream(values())
			.filter((a) -> a.shortName.equalsIgnoreCase(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("--arch must be qwen2 or qwen3, not '" + name + "'"));
	}

}
