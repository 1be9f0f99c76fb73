package com.qwenbatch.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.qwenbatch.llm.model.Architecture;
import com.qwenbatch.llm.RandomCheckpoint;
import com.qwenbatch.llm.RandomCheckpoint.ModelShape;
import com.qwenbatch.llm.model.TensorDType;

/**
 * Tiny random checkpoints written by the tests themselves (never committed), under
 * target/test-models, once per build.
 */
public final class TestModels {

	private static final Path ROOT = Path.of("target", "test-models");

	private TestModels() {
	}

	public static Path tiny(Architecture arch) {
		return write(arch.shortName() + "-f32", arch, TensorDType.F32, 1, true, 7);
	}

	public static Path tiny(Architecture arch, TensorDType dtype, int shards, boolean tied, long seed) {
		String name = arch.shortName() + "-" + dtype.name().toLowerCase() + "-s" + shards + (tied ? "" : "-untied")
				+ "-seed" + seed;
		return write(name, arch, dtype, shards, tied, seed);
	}

	private static synchronized Path write(String name, Architecture arch, TensorDType dtype, int shards, boolean tied,
			long seed) {
		Path dir = ROOT.resolve(name);
		if (Files.exists(dir.resolve("config.json"))) {
			return dir;
		}
		try {
			new RandomCheckpoint(ModelShape.TINY.config(arch, tied), dtype, seed).write(dir, shards);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return dir;
	}

}
