package com.qwenbatch.llm.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.qwenbatch.llm.EngineInternals;
import com.qwenbatch.llm.QwenEngine;
import com.qwenbatch.llm.TestModels;
import com.qwenbatch.llm.model.Architecture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long check, not run by default (tag "long"): 10,000 generate calls must not grow native
 * memory, i.e. every NDArray of a step is closed by its scope. Run with
 * {@code ./mvnw test -Dtest=MemoryLongTest -Dtest.excludedGroups=none}.
 */
@Tag("long")
class MemoryLongTest {

	@Test
	void tenThousandGenerateCallsDoNotGrowResidentMemory() throws IOException {
		try (QwenEngine engine = QwenEngine.open(TestModels.tiny(Architecture.QWEN2).toString())) {
			int[] prompt = { 151644, 872, 198, 99487, 58405, 151645, 198, 151644, 77091, 198 };
			GenerationRequest request = new GenerationRequest(prompt, 0,
					GenerationSettings.greedy(4).withExactLength(true), 0);
			for (int i = 0; i < 500; i++) {
				EngineInternals.generator(engine).generate(List.of(request));
			}
			System.gc();
			long before = rssKb();
			for (int i = 0; i < 10_000; i++) {
				EngineInternals.generator(engine).generate(List.of(request));
			}
			System.gc();
			long after = rssKb();
			System.out.printf("RSS after warm-up %d MB, after 10,000 generate calls %d MB%n", before / 1024,
					after / 1024);
			assertThat(after - before).as("RSS growth in KB").isLessThan(64 * 1024);
		}
	}

	static long rssKb() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("no VmRSS");
	}

}
