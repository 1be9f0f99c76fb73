package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;

/**
 * A projection with W [out, in] held in BF16: x is rounded to BF16, multiplied in
 * oneDNN's BF16 kernels with F32 accumulation, and y comes back in F32 (the bias is added
 * in F32).
 *
 * @param ops the module that runs the BF16 GEMM
 * @param weight [out, in], BF16
 * @param bias [out] F32, or null
 */
record Bf16Projection(Bf16Ops ops, NDArray weight, NDArray bias) implements Projection {

	@Override
	public NDArray apply(NDArray x) {
		return (this.bias != null) ? this.ops.linear(x, this.weight, this.bias) : this.ops.linear(x, this.weight);
	}

}
