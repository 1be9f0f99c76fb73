package com.qwenbatch.llm.generate;

/**
 * A generated row: the new ids (an EOS included when produced), the decoded text (control
 * tokens and a matched stop string removed), why it stopped, and the token counts.
 */
public record GenerationResult(int[] tokenIds, String text, StopReason stopReason, int promptTokens) {

	public int generatedTokens() {
		return this.tokenIds.length;
	}

}
