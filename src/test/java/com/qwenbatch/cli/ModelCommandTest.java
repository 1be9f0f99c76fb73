package com.qwenbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.qwenbatch.QwenBatchApplication;
import com.qwenbatch.llm.model.ReferenceQwen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fixed {@code model} command contract: flags, exit codes, JSON on the last stdout
 * line.
 */
class ModelCommandTest {

	@TempDir
	static Path tmp;

	record Run(int exitCode, String stdout, String stderr) {

		JsonNode json() {
			String[] lines = this.stdout.strip().split("\n");
			return JsonMapper.builder().build().readTree(lines[lines.length - 1]);
		}

	}

	static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new CommandLine(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), QwenBatchApplication.class)
			.execute(List.of(args));
		return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void initRandomThenLogitsGenerateAndScore() {
		Path dir = tmp.resolve("qwen3-bf16");
		Run init = run("model", "init-random", "--shape", "tiny", "--arch", "qwen3", "--dtype", "bf16", "--seed", "4",
				"--out", dir.toString());
		assertThat(init.exitCode()).isZero();
		assertThat(dir.resolve("tokenizer.json")).exists();
		assertThat(dir.resolve("config.json")).content().contains("Qwen3ForCausalLM").contains("\"head_dim\"");

		Run logits = run("model", "logits", "--model", dir.toString(), "--token-ids", "151644,8948,198", "--top", "5");
		assertThat(logits.exitCode()).isZero();
		JsonNode top = logits.json().get("top");
		assertThat(top).hasSize(5);
		double[] reference = new ReferenceQwen(dir).logits(new int[] { 151644, 8948, 198 })[2];
		int best = 0;
		for (int i = 1; i < reference.length; i++) {
			best = reference[i] > reference[best] ? i : best;
		}
		assertThat(top.get(0).get("id").asInt()).isEqualTo(best);
		assertThat(top.get(0).get("logit").asDouble()).isCloseTo(reference[best], within(1e-3));
		assertThat(top.get(0).get("logit").asDouble()).isGreaterThanOrEqualTo(top.get(4).get("logit").asDouble());

		Run generate = run("model", "generate", "--model", dir.toString(), "--token-ids", "151644,8948,198",
				"--max-new-tokens", "4");
		assertThat(generate.exitCode()).isZero();
		JsonNode ids = generate.json().get("token_ids");
		assertThat(ids.size()).isBetween(1, 4);
		assertThat(ids.get(0).asInt()).isEqualTo(best);

		Run chat = run("model", "generate", "--model", dir.toString(), "--prompt", "你好", "--system", "简短回答",
				"--max-new-tokens", "3");
		assertThat(chat.exitCode()).isZero();
		assertThat(chat.json().has("text")).isTrue();

		Run score = run("model", "score", "--model", dir.toString(), "--token-ids", "151644,8948,198", "--candidates",
				best + ";100,200");
		assertThat(score.exitCode()).isZero();
		JsonNode logprobs = score.json().get("logprobs");
		assertThat(logprobs).hasSize(2);
		assertThat(logprobs.get(0).asDouble()).isLessThan(0).isGreaterThan(logprobs.get(1).asDouble());
	}

	@Test
	void badArgumentsExitWithCode2AndAClearMessage() {
		Run unknown = run("model", "logits", "--model", "x", "--token-ids", "1", "--topp", "3");
		assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(unknown.stderr()).contains("--topp");
		Run badIds = run("model", "logits", "--model", "x", "--token-ids", "1,a");
		assertThat(badIds.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(badIds.stderr()).contains("'a'");
		Run missing = run("model", "logits", "--model", tmp.resolve("no-such-model-dir").toString(), "--token-ids",
				"1");
		assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_ARGUMENTS);
		assertThat(missing.stderr()).startsWith("error: ").contains("no-such-model-dir").contains("not");
	}

}
