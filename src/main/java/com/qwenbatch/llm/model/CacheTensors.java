package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;

/**
 * Makes and rearranges the tensors a KV cache keeps, [batch, kvHeads, capacity, headDim]:
 * in F32, or compact — BF16 next to BF16 weights (half the memory; the decoder layer
 * widens what it reads to F32 for the attention arithmetic). They are made and changed
 * only inside a module written by {@link TorchScriptArchive} (DJL can neither make BF16
 * tensors nor change tensors a module made); reading them (slices, concatenation) works
 * through DJL.
 */
public final class CacheTensors implements AutoCloseable {

	private static final String METHODS = """
			  def zeros(self: __torch__.Ops, shape: List[int], dtype: int) -> Tensor:
			    return torch.zeros(shape, dtype=dtype)
			  def copy_columns(self: __torch__.Ops, dest: Tensor, row: int, at: int, source: Tensor,
			      source_row: int, columns: int) -> int:
			    _0 = dest[row, :, at:at + columns].copy_(source[source_row, :, :columns])
			    return columns
			  def gather_columns(self: __torch__.Ops, cache: Tensor, index: Tensor, columns: int) -> int:
			    taken = torch.gather(cache, 2, index.expand([cache.size(0), cache.size(1), columns, cache.size(3)]))
			    _0 = cache[:, :, :columns].copy_(taken)
			    return columns
			""";

	/** How a cache holds its values. */
	public enum Storage {

		/** F32: label scoring, whose decisions can turn on small logit margins. */
		EXACT,

		/**
		 * BF16 next to BF16 weights, else F32: the decode slots, which hold most of the
		 * cache.
		 */
		COMPACT

	}

	private static final long FLOAT32 = 6;

	private static final long BFLOAT16 = 15;

	private final PtSymbolBlock module;

	private final long compactType;

	private CacheTensors(PtSymbolBlock module, long compactType) {
		this.module = module;
		this.compactType = compactType;
	}

	/** Compact tensors in BF16 next to BF16 weights, else in F32. */
	static CacheTensors load(NDManager manager, WeightFormat weights) {
		return new CacheTensors(TorchScriptArchive.load(manager, METHODS),
				(weights == WeightFormat.BF16) ? BFLOAT16 : FLOAT32);
	}

	/** Bytes one value stored so takes. */
	public int bytesPerValue(Storage storage) {
		return (scalarType(storage) == BFLOAT16) ? 2 : 4;
	}

	private long scalarType(Storage storage) {
		return (storage == Storage.COMPACT) ? this.compactType : FLOAT32;
	}

	/** A zero [batch, kvHeads, capacity, headDim] in {@code manager}. */
	public NDArray zeros(NDManager manager, Storage storage, long batch, long kvHeads, long capacity, long headDim) {
		try (IValue shape = IValue.listFrom(batch, kvHeads, capacity, headDim);
				IValue type = IValue.from(scalarType(storage));
				IValue result = IValueUtils.runMethod(this.module, "zeros", shape, type)) {
			return result.toTensor((PtNDManager) manager);
		}
	}

	/**
	 * {@code dest[row, :, at:at + columns] = source[sourceRow, :, :columns]}.
	 */
	public void copyColumns(NDArray dest, int row, int at, NDArray source, int sourceRow, int columns) {
		try (IValue d = IValue.from((PtNDArray) dest);
				IValue r = IValue.from(row);
				IValue a = IValue.from(at);
				IValue s = IValue.from((PtNDArray) source);
				IValue sr = IValue.from(sourceRow);
				IValue c = IValue.from(columns);
				IValue done = IValueUtils.runMethod(this.module, "copy_columns", d, r, a, s, sr, c)) {
			// copied in place
		}
	}

	/**
	 * Rewrites the first {@code columns} columns of every row of {@code cache} as the
	 * columns {@code index} [batch, 1, columns, 1] names (gathered first, so sources may
	 * overlap targets).
	 */
	public void gatherColumns(NDArray cache, NDArray index, int columns) {
		try (IValue t = IValue.from((PtNDArray) cache);
				IValue i = IValue.from((PtNDArray) index);
				IValue c = IValue.from(columns);
				IValue done = IValueUtils.runMethod(this.module, "gather_columns", t, i, c)) {
			// rewritten in place
		}
	}

	@Override
	public void close() {
		this.module.close();
	}

}
