package com.qwenbatch.llm.model;

/**
 * How projection weights and the token embedding are held in memory. Norm weights and
 * biases are always F32, as is every activation between projections.
 */
public enum WeightFormat {

	/** 4 bytes a weight; libtorch's F32 GEMM. */
	F32,

	/**
	 * 2 bytes a weight; oneDNN's BF16 GEMM (AMX or AVX512-BF16) with F32 accumulation.
	 */
	BF16

}
