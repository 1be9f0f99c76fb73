package com.qwenbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Help, version and option checking, as a new user meets them: nothing starts before they
 * pass.
 */
class CommandLineHelpTest {

	@TempDir
	Path tmp;

	@Test
	void everyCommandHasHelpNamingEachOptionItsDefaultAndAnExample() {
		for (CommandSpec spec : CommandLine.SPECS) {
			List<String> words = List.of(spec.name().split(" "));
			ModelCommandTest.Run viaHelp = ModelCommandTest.run(concat(List.of("help"), words));
			java.util.ArrayList<String> suffixed = new java.util.ArrayList<>(words);
			suffixed.add("--help");
			ModelCommandTest.Run viaOption = ModelCommandTest.run(suffixed.toArray(String[]::new));
			for (ModelCommandTest.Run run : List.of(viaHelp, viaOption)) {
				assertThat(run.exitCode()).as(spec.name()).isZero();
				assertThat(run.stdout()).as(spec.name())
					.contains(spec.name() + " — " + spec.summary())
					.contains("examples:\n  java -jar qwen-batch.jar ");
				for (CommandSpec.Option option : spec.options()) {
					assertThat(run.stdout()).as(spec.name()).contains("--" + option.name());
					if (option.fallback() != null) {
						assertThat(run.stdout()).as(spec.name()).contains("(default: " + option.fallback() + ")");
					}
				}
			}
		}
		ModelCommandTest.Run midway = ModelCommandTest.run("run", "--input", "x.csv", "--help");
		assertThat(midway.exitCode()).isZero();
		assertThat(midway.stdout()).startsWith("run — ");
		ModelCommandTest.Run overview = ModelCommandTest.run("--help");
		assertThat(overview.exitCode()).isZero();
		CommandLine.SPECS.forEach((spec) -> assertThat(overview.stdout()).contains(spec.name()));
		ModelCommandTest.Run nothing = ModelCommandTest.run();
		assertThat(nothing.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(nothing.stderr()).contains("usage: java -jar qwen-batch.jar COMMAND");
		assertThat(nothing.stdout()).isEmpty();
		ModelCommandTest.Run version = ModelCommandTest.run("--version");
		assertThat(version.exitCode()).isZero();
		assertThat(version.stdout()).matches("qwen-batch \\d+\\.\\d+\\.\\d+[^$\\s]*\\s*");
	}

	private static String[] concat(List<String> a, List<String> b) {
		java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
		all.addAll(b);
		return all.toArray(String[]::new);
	}

	@Test
	void aMisspelledOptionIsRefusedAtOnceWithTheOptionMeant() {
		long start = System.nanoTime();
		ModelCommandTest.Run run = ModelCommandTest.run("run", "--input", "sample-data/comments.csv", "--modle",
				"demo");
		assertThat(System.nanoTime() - start).as("refused before any model or database starts")
			.isLessThan(3_000_000_000L);
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(run.stderr()).isEqualTo(
				"error: unknown option --modle (did you mean --model?) for run (see: java -jar qwen-batch.jar help run)\n");
		assertThat(ModelCommandTest.run("export", "--formt", "csv", "--out", "x.csv").stderr())
			.contains("unknown option --formt (did you mean --format?)");
		assertThat(ModelCommandTest.run("model", "generate", "--max-tokens", "3").stderr())
			.contains("(did you mean --max-new-tokens?)");
		assertThat(ModelCommandTest.run("run", "--input", "x.csv", "--wibble", "1").stderr())
			.contains("unknown option --wibble for run");
	}

	@Test
	void initRandomRefusesAFolderThatIsNotEmptyUnlessForced() throws Exception {
		Path dir = Files.createDirectories(this.tmp.resolve("model"));
		Files.writeString(dir.resolve("notes.txt"), "keep me");
		ModelCommandTest.Run refused = ModelCommandTest.run("model", "init-random", "--out", dir.toString());
		assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(refused.stderr()).contains("is not empty").contains("--force");
		assertThat(dir.resolve("config.json")).doesNotExist();
		ModelCommandTest.Run forced = ModelCommandTest.run("model", "init-random", "--out", dir.toString(), "--force");
		assertThat(forced.exitCode()).as(forced.stderr()).isZero();
		assertThat(dir.resolve("config.json")).exists();
		assertThat(dir.resolve("notes.txt")).hasContent("keep me");
	}

}
