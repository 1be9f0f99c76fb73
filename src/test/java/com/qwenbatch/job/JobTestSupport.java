package com.qwenbatch.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.qwenbatch.cli.RunCommand;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Shared pieces of the job tests: the tiny model, generated CSV files, an injectable
 * failure.
 */
final class JobTestSupport {

	/** Fails the write of chunk number {@code failOnChunk} (1-based) once; 0 disables. */
	static final AtomicInteger failOnChunk = new AtomicInteger();

	static final AtomicInteger chunksWritten = new AtomicInteger();

	static final Path REPORTS = Path.of("target", "test-reports");

	private JobTestSupport() {
	}

	@TestConfiguration
	static class FailureInjection {

		@Bean
		AnalysisWriter.WriteHook failingHook() {
			return () -> {
				int chunk = chunksWritten.incrementAndGet();
				if (chunk == failOnChunk.get()) {
					failOnChunk.set(0);
					throw new IllegalStateException("injected failure while writing chunk " + chunk);
				}
			};
		}

	}

	static RunRequest settings(String... args) {
		List<String> words = new ArrayList<>(List.of(args));
		if (!words.contains("--model")) {
			words.add("--model");
			words.add(TestModels.tiny(Architecture.QWEN2).toString());
		}
		if (!words.contains("--out")) {
			// the report step runs, into a folder of the build's, not the project's
			// reports/
			words.add("--out");
			words.add(REPORTS.toString());
		}
		return RunCommand.parse(words);
	}

	/**
	 * n comments (ids c1..cn) with some repeated texts, plus the given bad lines
	 * appended.
	 */
	static Path csv(Path dir, String name, int n, String... badLines) throws IOException {
		StringBuilder csv = new StringBuilder("id,text,created_at,channel\n");
		for (int i = 1; i <= n; i++) {
			String text = (i % 5 == 0) ? "默认好评" : "评论 " + i + "：" + (i % 2 == 0 ? "物流很快，质量很好" : "包装破损，很失望");
			csv.append("c")
				.append(i)
				.append(',')
				.append(text)
				.append(",2026-11-")
				.append(String.format("%02d", 1 + i % 20))
				.append(',')
				.append(i % 3 == 0 ? "京东" : "淘宝")
				.append('\n');
		}
		for (String bad : badLines) {
			csv.append(bad).append('\n');
		}
		Path file = dir.resolve(name);
		Files.writeString(file, csv, StandardCharsets.UTF_8);
		return file;
	}

}
