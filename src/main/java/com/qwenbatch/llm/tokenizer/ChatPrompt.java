package com.qwenbatch.llm.tokenizer;

/**
 * Token ids of a rendered chat, and how many leading ids do not depend on the last user
 * turn (the system turn, the user turn's {@code <|im_start|>} and its fixed start, such
 * as an input prefix): the part a batch can share.
 */
public record ChatPrompt(int[] ids, int sharedPrefixLength) {
}
