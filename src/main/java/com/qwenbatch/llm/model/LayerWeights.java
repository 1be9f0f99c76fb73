package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * One decoder layer's weights, as {@link DecoderLayerScript} takes them. q/k/v are one
 * matrix ([q; k; v], with their biases for Qwen2), gate/up another, so each is one GEMM.
 * Matrices are [out, in] in the model's {@link WeightFormat}, reordered once for oneDNN's
 * GEMM ({@link DecoderLayerScript#pack}). Norm weights and biases are F32 [H] (the q/k
 * norms [headDim], Qwen3 only, else null; the bias null without one).
 */
public record LayerWeights(NDArray inputNorm, NDArray qkv, NDArray qkvBias, NDArray o, NDArray qNorm, NDArray kNorm,
		NDArray postAttentionNorm, NDArray gateUp, NDArray down) {
}
