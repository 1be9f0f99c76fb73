package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * One decoder layer's tensors, F32, in Hugging Face orientation ({@code [out, in]} for linears).
 * Biases are null for Qwen3; the q/k norms are null for Qwen2.
 */
public record LayerWeights(NDArray inputNorm, NDArray qProj, NDArray qBias, NDArray kProj, NDArray kBias,
		NDArray vProj, NDArray vBias, NDArray oProj, NDArray qNorm, NDArray kNorm, NDArray postAttentionNorm,
		NDArray gateProj, NDArray upProj, NDArray downProj) {
}
