package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * One decoder layer's tensors, F32, in Hugging Face orientation ({@code [out, in]} for
 * linears). q/k/v are stacked into one projection ([q; k; v], with their biases for
 * Qwen2), and gate/up into another, so each is one matmul; the biases are null for Qwen3,
 * the q/k norms for Qwen2.
 */
public record LayerWeights(NDArray inputNorm, NDArray qkvProj, NDArray qkvBias, NDArray oProj, NDArray qNorm,
		NDArray kNorm, NDArray postAttentionNorm, NDArray gateUpProj, NDArray downProj) {
}
