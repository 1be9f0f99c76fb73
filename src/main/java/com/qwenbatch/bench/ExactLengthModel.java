package com.qwenbatch.bench;

import java.util.ArrayList;
import java.util.List;

import com.qwenbatch.llm.Classification;
import com.qwenbatch.llm.Completion;
import com.qwenbatch.llm.GenerationOptions;
import com.qwenbatch.llm.LanguageModel;
import com.qwenbatch.llm.PrecisionChoice;
import com.qwenbatch.llm.Prompt;

/**
 * The model as a benchmark sees it: every generated answer is exactly as long as
 * {@link ExactLengths} says for its row (found by the row's sampling seed), whatever the
 * random weights would do. The job path runs unchanged on top of it; runs never see it.
 */
final class ExactLengthModel implements LanguageModel {

	private final LanguageModel model;

	private final ExactLengths lengths;

	ExactLengthModel(LanguageModel model, ExactLengths lengths) {
		this.model = model;
		this.lengths = lengths;
	}

	@Override
	public List<Completion> complete(List<Prompt> prompts, List<GenerationOptions> options, long[] seeds) {
		List<GenerationOptions> exact = new ArrayList<>();
		for (int i = 0; i < options.size(); i++) {
			GenerationOptions o = options.get(i);
			exact.add(new GenerationOptions(this.lengths.forSeed(seeds[i]), o.temperature(), o.topP(), o.topK(),
					o.repetitionPenalty(), List.of(), true));
		}
		return this.model.complete(prompts, exact, seeds);
	}

	@Override
	public String modelId() {
		return this.model.modelId();
	}

	@Override
	public String fingerprint() {
		return this.model.fingerprint();
	}

	@Override
	public PrecisionChoice precision() {
		return this.model.precision();
	}

	@Override
	public List<Classification> classify(List<Prompt> prompts, List<List<String>> answersPerRow) {
		return this.model.classify(prompts, answersPerRow);
	}

	@Override
	public int[] tokenize(String text) {
		return this.model.tokenize(text);
	}

	@Override
	public RenderedChat render(Prompt prompt) {
		return this.model.render(prompt);
	}

	/** The model is the benchmark's to close. */
	@Override
	public void close() {
	}

}
