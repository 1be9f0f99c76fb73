package com.qwenbatch.llm.tokenizer;

/**
 * Token ids of a rendered chat, and how many leading ids do not depend on the last user turn
 * (the system turn and the user turn's {@code <|im_start|>}): the part a batch can share.
 */
public record ChatPrompt(int[] ids, int sharedPrefixLength) {
}
