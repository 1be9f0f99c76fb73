package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;

/**
 * A decoder layer's arguments to {@link DecoderLayerScript} that never change: its
 * weights, head dimensions and norm epsilon, made once per model.
 */
final class LayerArguments implements AutoCloseable {

	final IValue weights;

	final IValue qkvBias;

	final IValue qNorm;

	final IValue kNorm;

	final IValue dims;

	final IValue eps;

	private LayerArguments(LayerWeights w, QwenConfig config) {
		this.weights = IValue.listFrom(pt(w.inputNorm()), pt(w.qkv()), pt(w.o()), pt(w.postAttentionNorm()),
				pt(w.gateUp()), pt(w.down()));
		this.qkvBias = optional(w.qkvBias());
		this.qNorm = optional(w.qNorm());
		this.kNorm = optional(w.kNorm());
		this.dims = IValue.listFrom(config.numHeads(), config.numKeyValueHeads(), config.headDim());
		this.eps = IValue.from(config.rmsNormEps());
	}

	static LayerArguments of(LayerWeights w, QwenConfig config) {
		return new LayerArguments(w, config);
	}

	private static IValue optional(NDArray tensor) {
		return (tensor != null) ? IValue.listFrom(pt(tensor)) : IValue.listFrom(new PtNDArray[0]);
	}

	@Override
	public void close() {
		for (IValue value : new IValue[] { this.weights, this.qkvBias, this.qNorm, this.kNorm, this.dims, this.eps }) {
			value.close();
		}
	}

	private static PtNDArray pt(NDArray tensor) {
		return (PtNDArray) tensor;
	}

}
