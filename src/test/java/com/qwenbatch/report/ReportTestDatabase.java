package com.qwenbatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A scratch folder and a fresh H2 file database in it, for one report test class. */
final class ReportTestDatabase {

	private ReportTestDatabase() {
	}

	static Path tempDir(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void register(DynamicPropertyRegistry registry, Path folder, String name) {
		String url = "jdbc:h2:file:" + folder.resolve(name + "-" + UUID.randomUUID()).toAbsolutePath();
		registry.add("spring.datasource.url", () -> url);
	}

}
