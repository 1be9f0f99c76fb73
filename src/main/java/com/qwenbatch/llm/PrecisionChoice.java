package com.qwenbatch.llm;

import java.util.List;
import java.util.Set;

import com.qwenbatch.llm.model.WeightFormat;

/**
 * What a precision setting became on this machine, and why. {@code auto} is decided by
 * the CPU's flags alone, so the same machine always decides the same: BF16 where the CPU
 * has BF16 instructions (AMX-BF16 or AVX512-BF16), F32 elsewhere (without them libtorch
 * emulates BF16, slower than F32). A run decides once, when it starts, and keeps that
 * precision on every resume and on every worker; {@code --precision bf16} on a CPU
 * without the instructions is correct, only slower, and the reason says so.
 */
public record PrecisionChoice(Precision chosen, String reason) {

	private static final Set<String> BF16_FLAGS = Set.of("amx_bf16", "avx512_bf16");

	/** f32 or bf16. */
	public String label() {
		return this.chosen.label();
	}

	WeightFormat weightFormat() {
		return (this.chosen == Precision.BF16) ? WeightFormat.BF16 : WeightFormat.F32;
	}

	/** BF16 runs at native speed here: false means emulated (correct, slower). */
	public boolean nativeOnThisCpu() {
		return this.chosen != Precision.BF16 || !bf16Flags(CpuDescription.flags()).isEmpty();
	}

	public static PrecisionChoice of(Precision setting) {
		return of(setting, CpuDescription.flags());
	}

	static PrecisionChoice of(Precision setting, List<String> flags) {
		List<String> bf16 = bf16Flags(flags);
		return switch (setting) {
			case F32 -> new PrecisionChoice(Precision.F32, "--precision f32");
			case BF16 -> new PrecisionChoice(Precision.BF16,
					bf16.isEmpty()
							? "--precision bf16, on a CPU without BF16 instructions: emulated, correct but slower"
							: "--precision bf16");
			case AUTO -> bf16.isEmpty()
					? new PrecisionChoice(Precision.F32, "the CPU has no BF16 instructions (amx_bf16, avx512_bf16)")
					: new PrecisionChoice(Precision.BF16, "the CPU has " + String.join(", ", bf16));
		};
	}

	private static List<String> bf16Flags(List<String> flags) {
		return flags.stream().filter(BF16_FLAGS::contains).distinct().sorted().toList();
	}

}
