package com.qwenbatch.llm;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.qwenbatch.llm.model.Bf16Ops;
import com.qwenbatch.llm.model.WeightFormat;

/**
 * What a precision setting became on this machine, and why. {@code auto} picks BF16 only
 * where the CPU has BF16 instructions (AMX-BF16 or AVX512-BF16; without them libtorch
 * emulates BF16, slower than F32) and a short race confirms it: one decode-sized
 * projection, [32×1024]·[1024×5632] (a fused gate/up of the 0.5B shape at 32 rows), the
 * fastest of 7 alternating rounds in each format.
 */
public record PrecisionChoice(Precision chosen, String reason) {

	private static final Set<String> BF16_FLAGS = Set.of("amx_bf16", "avx512_bf16");

	/** BF16 must beat F32 by this factor to be picked. */
	private static final double REQUIRED_GAIN = 1.1;

	/** f32 or bf16. */
	public String label() {
		return this.chosen.label();
	}

	WeightFormat weightFormat() {
		return (this.chosen == Precision.BF16) ? WeightFormat.BF16 : WeightFormat.F32;
	}

	public static PrecisionChoice of(Precision setting) {
		return switch (setting) {
			case F32 -> new PrecisionChoice(Precision.F32, "--precision f32");
			case BF16 -> new PrecisionChoice(Precision.BF16, "--precision bf16");
			case AUTO -> auto(CpuDescription.flags());
		};
	}

	static PrecisionChoice auto(List<String> flags) {
		List<String> bf16 = flags.stream().filter(BF16_FLAGS::contains).sorted().toList();
		if (bf16.isEmpty()) {
			return new PrecisionChoice(Precision.F32, "the CPU has no BF16 instructions (amx_bf16, avx512_bf16)");
		}
		double[] ms = race();
		String timing = String.format(Locale.ROOT, "a 32-row projection took %.2f ms in bf16, %.2f ms in f32", ms[1],
				ms[0]);
		if (ms[0] >= ms[1] * REQUIRED_GAIN) {
			return new PrecisionChoice(Precision.BF16, "the CPU has " + String.join(", ", bf16) + " and " + timing);
		}
		return new PrecisionChoice(Precision.F32,
				"the CPU has " + String.join(", ", bf16) + " but " + timing + ", not faster");
	}

	/**
	 * Fastest milliseconds of {f32, bf16} over rounds that alternate the two, so a burst
	 * of load from elsewhere on the machine slows both alike rather than one.
	 */
	private static double[] race() {
		DjlRuntime.configure();
		try (NDManager manager = DjlRuntime.newBaseManager(); Bf16Ops ops = Bf16Ops.load(manager)) {
			NDArray x = manager.randomNormal(new Shape(32, 1024));
			NDArray weight = manager.randomNormal(new Shape(5632, 1024));
			NDArray narrow = ops.empty(manager, 5632, 1024);
			ops.putRows(narrow, 0, weight);
			double[] fastest = { Double.MAX_VALUE, Double.MAX_VALUE };
			for (int round = 0; round < ROUNDS; round++) {
				double f32 = millis(manager, () -> weight.matMul(x.transpose()));
				double bf16 = millis(manager, () -> ops.linear(x, narrow));
				if (round > 0) { // the first round warms both up
					fastest[0] = Math.min(fastest[0], f32);
					fastest[1] = Math.min(fastest[1], bf16);
				}
			}
			return fastest;
		}
	}

	private static final int ROUNDS = 8;

	private static double millis(NDManager manager, Supplier<NDArray> gemm) {
		try (NDManager scope = manager.newSubManager()) {
			long start = System.nanoTime();
			NDArray y = gemm.get();
			y.attach(scope);
			y.get(0, 0).getFloat(); // waits for the result
			return (System.nanoTime() - start) / 1e6;
		}
	}

}
