package com.qwenbatch.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.llm.model.TensorDType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --model demo}: a tiny random-weight Qwen2 checkpoint written once under
 * ./models/demo so a new user sees the whole pipeline run. Its outputs are meaningless,
 * and we say so.
 */
public final class DemoModel {

	public static final String NAME = "demo";

	private static final Logger log = LoggerFactory.getLogger(DemoModel.class);

	private DemoModel() {
	}

	/**
	 * Resolves "demo" to its directory (writing it if needed); any other value is
	 * returned as is.
	 */
	public static String resolve(String model, Path home) {
		if (!NAME.equals(model)) {
			return model;
		}
		Path dir = home.resolve("models").resolve(NAME);
		if (!Files.exists(dir.resolve("config.json"))) {
			try {
				new RandomCheckpoint(RandomCheckpoint.ModelShape.TINY.config(Architecture.QWEN2, true), TensorDType.F32,
						20261122)
					.write(dir, 1);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot write the demo model to " + dir, ex);
			}
		}
		log.warn("""

				************************************************************************
				*  --model demo: a TINY RANDOM-WEIGHT model. Its labels, replies and    *
				*  summaries are MEANINGLESS. It only shows the pipeline working.       *
				*  For real results use --model Qwen/Qwen1.5-0.5B-Chat (see README).     *
				************************************************************************""");
		return dir.toString();
	}

}
