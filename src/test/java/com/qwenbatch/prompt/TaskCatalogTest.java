package com.qwenbatch.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskCatalogTest {

	@TempDir
	Path tmp;

	private Path promptsCopy() throws IOException {
		Path dir = Files.createTempDirectory(this.tmp, "prompts");
		try (var files = Files.list(Path.of("prompts"))) {
			for (Path f : files.toList()) {
				Files.copy(f, dir.resolve(f.getFileName()));
			}
		}
		return dir;
	}

	@Test
	void theShippedPromptsLoadWithThreeWaySentimentAndBothLanguages() {
		TaskCatalog catalog = TaskCatalog.load(Path.of("prompts"));
		assertThat(catalog.all()).extracting(TaskDefinition::name).contains("sentiment", "reply", "summary", "intent");
		TaskDefinition sentiment = catalog.sentiment();
		assertThat(sentiment.labelValues()).containsExactly("正面", "负面", "中性");
		assertThat(sentiment.variants()).containsKeys("zh", "en");
		assertThat(sentiment.label("positive")).map(LabelValue::value).contains("正面");
		assertThat(sentiment.label("差评")).map(LabelValue::value).contains("负面");
		assertThat(sentiment.languageFor("great product", "auto")).isEqualTo("en");
		assertThat(sentiment.languageFor("很好", "auto")).isEqualTo("zh");
		TaskDefinition reply = catalog.get("reply");
		assertThat(reply.type()).isEqualTo(OutputType.TEXT);
		assertThat(reply.constraints().temperature()).isEqualTo(0.7);
		assertThat(reply.constraints().topP()).isEqualTo(0.9);
		assertThat(reply.constraints().maxTokens()).isLessThanOrEqualTo(128);
		RenderedPrompt rendered = sentiment.render("物流很快", "zh");
		assertThat(rendered.system()).startsWith("你是一个冷酷的情感分析师").contains("\n- 只输出一个词");
		assertThat(rendered.user()).isEqualTo("评论：物流很快");
	}

	@Test
	void aNewTaskIsJustANewFile() throws IOException {
		Path dir = promptsCopy();
		Files.writeString(dir.resolve("keywords.yaml"), """
				name: keywords
				output: text
				variants:
				  zh:
				    role: 提取关键词
				    rules: [只输出三个关键词]
				output_constraints:
				  max_tokens: 12
				""");
		TaskCatalog catalog = TaskCatalog.load(dir);
		assertThat(catalog.get("keywords").type()).isEqualTo(OutputType.TEXT);
		assertThat(catalog.get("keywords").defaultLanguage()).isEqualTo("zh");
		assertThatThrownBy(() -> catalog.get("nope")).hasMessageContaining("available")
			.hasMessageContaining("keywords");
	}

	@Test
	void aPromptEditChangesTheVersionAndTwoWaySentimentIsOneEdit() throws IOException {
		Path dir = promptsCopy();
		String before = TaskCatalog.load(dir).sentiment().version();
		Path file = dir.resolve("sentiment.yaml");
		String yaml = Files.readString(file);
		Files.writeString(file,
				yaml.replace("    - value: 中性\n      answers: {en: neutral}\n      aliases: [neutral, neu, 一般]\n", ""));
		TaskDefinition twoWay = TaskCatalog.load(dir).sentiment();
		assertThat(twoWay.labelValues()).containsExactly("正面", "负面");
		assertThat(twoWay.version()).isNotEqualTo(before);
		Files.writeString(file, yaml + "\n# a comment changes nothing the model sees\n");
		assertThat(TaskCatalog.load(dir).sentiment().version()).isEqualTo(before);
	}

	@Test
	void invalidFilesAreRejectedNamingFileAndKey() throws IOException {
		assertError(
				"name: x\noutput: label\nvariants: {zh: {role: r}}\noutput_constraints: {max_tokens: 2, allowed_values: []}\n",
				"'output_constraints.allowed_values'", "non-empty");
		assertError(
				"name: x\noutput: text\nvariants: {zh: {role: r, colour: red}}\noutput_constraints: {max_tokens: 2}\n",
				"'variants.zh.colour'", "unknown key");
		assertError("name: x\noutput: text\nvariants: {zh: {rules: [a]}}\noutput_constraints: {max_tokens: 2}\n",
				"'variants.zh.role'", "missing");
		assertError("name: x\noutput: text\nvariants: {zh: {role: r}}\noutput_constraints: {}\n",
				"'output_constraints.max_tokens'", "missing");
		assertError("name: x\noutput: maybe\nvariants: {zh: {role: r}}\noutput_constraints: {max_tokens: 1}\n",
				"'output'", "label");
		assertError("name: x\nouput: text\n", "'ouput'", "unknown key");
	}

	@Test
	void aRuleThatYamlReadsAsAKeyValuePairIsAnErrorNamingFileAndLine() throws IOException {
		assertError("""
				name: x
				output: text
				variants:
				  en:
				    role: r
				    rules:
				      - Be brief
				      - Answer with one word: yes or no
				output_constraints: {max_tokens: 2}
				""", "bad.yaml:8: 'variants.en.rules[1]'", "put the whole line in quotes");
	}

	@Test
	void everyShippedRuleRendersAsTheTextWritten() {
		for (TaskCatalog catalog : new TaskCatalog[] { TaskCatalog.load(Path.of("prompts")),
				TaskCatalog.loadBundled() }) {
			RenderedPrompt english = catalog.sentiment().render("great", "en");
			assertThat(english.system()).contains("\n- Answer with exactly one word: positive, negative or neutral")
				.doesNotContain("{")
				.doesNotContain("=");
			for (TaskDefinition task : catalog.all()) {
				for (PromptVariant variant : task.variants().values()) {
					assertThat(variant.rules()).as(task.source())
						.allSatisfy((rule) -> assertThat(rule).doesNotStartWith("{"));
				}
			}
		}
	}

	@Test
	void theBundledPromptsAreReadInPlaceAndANamedFolderMustExist() throws IOException {
		Path tempRoot = Path.of(System.getProperty("java.io.tmpdir"));
		long before = countPromptTempFolders(tempRoot);
		TaskCatalog bundled = TaskCatalog.load(this.tmp.resolve("no-prompts-here"));
		assertThat(bundled.folder()).isEqualTo(TaskCatalog.BUILT_IN);
		assertThat(bundled.sentiment().source()).isEqualTo("built-in sentiment.yaml");
		assertThat(countPromptTempFolders(tempRoot)).isEqualTo(before);
		assertThatThrownBy(() -> TaskCatalog.fromOption(this.tmp.resolve("no-such-prompts").toString()))
			.isInstanceOf(PromptException.class)
			.hasMessageContaining("prompts folder not found")
			.hasMessageContaining("no-such-prompts");
	}

	private static long countPromptTempFolders(Path tempRoot) throws IOException {
		try (var entries = Files.list(tempRoot)) {
			return entries.filter((p) -> p.getFileName().toString().startsWith("qwen-batch-prompts")).count();
		}
	}

	private void assertError(String yaml, String key, String problem) throws IOException {
		Path dir = promptsCopy();
		Path bad = dir.resolve("bad.yaml");
		Files.writeString(bad, yaml);
		assertThatThrownBy(() -> TaskCatalog.load(dir)).isInstanceOf(PromptException.class)
			.hasMessageContaining("bad.yaml")
			.hasMessageContaining(key)
			.hasMessageContaining(problem);
	}

	@Test
	void aLabelThatTokenizesToNothingIsAnErrorBeforeAnyRowIsRead() {
		TaskCatalog catalog = TaskCatalog.load(Path.of("prompts"));
		assertThatThrownBy(() -> catalog.validateLabels((text) -> text.equals("中性") ? new int[0] : new int[] { 1 }))
			.isInstanceOf(PromptException.class)
			.hasMessageContaining("sentiment.yaml")
			.hasMessageContaining("allowed_values")
			.hasMessageContaining("中性");
	}

}
