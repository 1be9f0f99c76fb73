package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * One decoder layer's weights. q/k/v are one projection ([q; k; v], with their biases for
 * Qwen2), gate/up another, so each is one GEMM; norm weights are F32 [H] (the q/k norms
 * [headDim], Qwen3 only, else null).
 */
public record LayerWeights(NDArray inputNorm, Projection qkvProj, Projection oProj, NDArray qNorm, NDArray kNorm,
		NDArray postAttentionNorm, Projection gateUpProj, Projection downProj) {
}
