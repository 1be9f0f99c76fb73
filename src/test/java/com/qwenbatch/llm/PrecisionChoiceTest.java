package com.qwenbatch.llm;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrecisionChoiceTest {

	@Test
	void withoutBf16InstructionsAutoIsF32AndSaysWhy() {
		PrecisionChoice choice = PrecisionChoice.auto(List.of("sse4_2", "avx2", "fma", "avx512f"));
		assertThat(choice.chosen()).isEqualTo(Precision.F32);
		assertThat(choice.reason()).isEqualTo("the CPU has no BF16 instructions (amx_bf16, avx512_bf16)");
	}

	/** With the flag, a race decides; whichever wins, the reason gives both timings. */
	@Test
	void withBf16InstructionsARaceDecidesAndTheReasonGivesItsTimes() {
		PrecisionChoice choice = PrecisionChoice.auto(List.of("avx2", "avx512_bf16"));
		assertThat(choice.reason()).startsWith("the CPU has avx512_bf16 ")
			.containsPattern("a 32-row projection took [0-9.]+ ms in bf16, [0-9.]+ ms in f32");
		assertThat(choice.chosen()).isIn(Precision.F32, Precision.BF16);
	}

	@Test
	void explicitSettingsAreTakenAsGiven() {
		assertThat(PrecisionChoice.of(Precision.F32).chosen()).isEqualTo(Precision.F32);
		assertThat(PrecisionChoice.of(Precision.BF16).chosen()).isEqualTo(Precision.BF16);
		assertThat(Precision.parse("BF16")).isEqualTo(Precision.BF16);
		assertThat(Precision.parse("fp8")).isNull();
	}

}
