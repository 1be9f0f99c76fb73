package com.qwenbatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The package rules of STYLE.md: each framework stays in the one package that owns it. */
class ArchitectureTest {

	private static final Path MAIN = Path.of("src/main/java/com/qwenbatch");

	@ParameterizedTest(name = "{0} only in {1}")
	@CsvSource({ "import ai.djl, llm", "import org.apache.poi, report", "import org.springframework.batch, job" })
	void frameworksStayInTheirPackage(String importPrefix, String owner) throws IOException {
		List<String> offenders;
		try (Stream<Path> files = Files.walk(MAIN)) {
			offenders = files.filter((f) -> f.toString().endsWith(".java"))
				.filter((f) -> !MAIN.relativize(f).startsWith(owner))
				.filter((f) -> contains(f, importPrefix))
				.map(Path::toString)
				.toList();
		}
		assertThat(offenders).as("files outside %s/ importing %s", owner, importPrefix).isEmpty();
	}

	@ParameterizedTest(name = "comment/ imports no framework: {0}")
	@CsvSource({ "import org.springframework", "import ai.djl", "import org.apache" })
	void domainRecordsAreFrameworkFree(String importPrefix) throws IOException {
		try (Stream<Path> files = Files.list(MAIN.resolve("comment"))) {
			assertThat(files.filter((f) -> contains(f, importPrefix)).toList()).isEmpty();
		}
	}

	private static boolean contains(Path file, String text) {
		try {
			return Files.readString(file).contains(text);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
