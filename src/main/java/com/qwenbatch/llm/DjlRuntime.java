package com.qwenbatch.llm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * libtorch settings that must be in place before the engine starts: offline (native
 * libraries come from the jar, never a download), intra-op threads = cores (libtorch's
 * default was 3x slower on 2 cores), one inter-op thread. Explicit -D flags win.
 */
public final class DjlRuntime {

	private DjlRuntime() {
	}

	public static synchronized NDManager newBaseManager() {
		configure();
		return Engine.getEngine("PyTorch").newBaseManager();
	}

	public static void configure() {
		setDefault("ai.djl.offline", "true");
		setDefault("ai.djl.pytorch.num_threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
		setDefault("ai.djl.pytorch.num_interop_threads", "1");
		setDefault("ai.djl.pytorch.graph_optimizer", "false");
	}

	private static void setDefault(String key, String value) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, value);
		}
	}

}
