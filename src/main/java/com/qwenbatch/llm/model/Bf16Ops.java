package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;

/**
 * The BF16 operations DJL's NDArray API cannot express, run as methods of a TorchScript
 * module written by {@link TorchScriptArchive}: making and filling a BF16 tensor (how
 * weights are loaded in BF16), and widening one back to F32 (how checks read them). The
 * BF16 products are the decoder layer's ({@link DecoderLayerScript}). ScalarType numbers:
 * 6 float32, 15 bfloat16.
 */
public final class Bf16Ops implements AutoCloseable {

	static final String METHODS = """
			  def empty(self: __torch__.Ops,
			    rows: int,
			    cols: int) -> Tensor:
			    return torch.empty([rows, cols], dtype=15)
			  def put_rows(self: __torch__.Ops,
			    dest: Tensor,
			    start: int,
			    rows: Tensor) -> int:
			    end = start + torch.size(rows, 0)
			    _0 = torch.copy_(torch.slice(dest, 0, start, end), rows)
			    return end
			  def widen(self: __torch__.Ops,
			    x: Tensor) -> Tensor:
			    return torch.to(x, 6)
			""";

	private final PtSymbolBlock module;

	private Bf16Ops(PtSymbolBlock module) {
		this.module = module;
	}

	/** Loads the module; its results are attached to the manager of the first input. */
	public static Bf16Ops load(NDManager manager) {
		return new Bf16Ops(TorchScriptArchive.load(manager, METHODS));
	}

	/**
	 * An uninitialised BF16 [rows, cols] in {@code manager}, to be filled slice by slice
	 * with {@link #putRows}.
	 */
	public NDArray empty(NDManager manager, long rows, long cols) {
		try (IValue r = IValue.from(rows);
				IValue c = IValue.from(cols);
				IValue result = IValueUtils.runMethod(this.module, "empty", r, c)) {
			return result.toTensor((PtNDManager) manager);
		}
	}

	/**
	 * Copies {@code rows} [r, cols] (F32, rounded to nearest even BF16) into
	 * {@code dest[start:start + r]}. (The copy must happen inside the module: tensors it
	 * makes are inference tensors, which libtorch lets only inference code change.)
	 */
	public void putRows(NDArray dest, long start, NDArray rows) {
		try (IValue d = IValue.from((PtNDArray) dest);
				IValue s = IValue.from(start);
				IValue r = IValue.from((PtNDArray) rows);
				IValue end = IValueUtils.runMethod(this.module, "put_rows", d, s, r)) {
			// the copy is done; the returned end row is not needed
		}
	}

	/** any BF16 tensor -> F32 */
	public NDArray widen(NDArray x) {
		return run("widen", x);
	}

	private NDArray run(String method, NDArray... inputs) {
		IValue[] arguments = new IValue[inputs.length];
		for (int i = 0; i < inputs.length; i++) {
			arguments[i] = IValue.from((PtNDArray) inputs[i]);
		}
		try (IValue result = IValueUtils.runMethod(this.module, method, arguments)) {
			return result.toTensor((PtNDManager) inputs[0].getManager());
		}
		finally {
			for (IValue argument : arguments) {
				argument.close();
			}
		}
	}

	@Override
	public void close() {
		this.module.close();
	}

}
