package com.qwenbatch.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrecisionChoiceTest {

	private static final List<String> WITHOUT = List.of("sse4_2", "avx2", "fma", "avx512f", "avx512_vnni");

	@Test
	void withoutBf16InstructionsAutoIsF32AndSaysWhy() {
		PrecisionChoice choice = PrecisionChoice.of(Precision.AUTO, WITHOUT);
		assertThat(choice.chosen()).isEqualTo(Precision.F32);
		assertThat(choice.reason()).isEqualTo("the CPU has no BF16 instructions (amx_bf16, avx512_bf16)");
	}

	@Test
	void withEitherBf16InstructionAutoIsBf16AndNamesIt() {
		assertThat(PrecisionChoice.of(Precision.AUTO, List.of("avx2", "avx512_bf16")))
			.isEqualTo(new PrecisionChoice(Precision.BF16, "the CPU has avx512_bf16"));
		assertThat(PrecisionChoice.of(Precision.AUTO, List.of("amx_tile", "amx_bf16", "avx512_bf16")))
			.isEqualTo(new PrecisionChoice(Precision.BF16, "the CPU has amx_bf16, avx512_bf16"));
	}

	@Test
	void explicitSettingsAreTakenAsGivenAndBf16WithoutInstructionsSaysItIsEmulated() {
		assertThat(PrecisionChoice.of(Precision.F32, List.of("avx512_bf16")).chosen()).isEqualTo(Precision.F32);
		PrecisionChoice emulated = PrecisionChoice.of(Precision.BF16, WITHOUT);
		assertThat(emulated.chosen()).isEqualTo(Precision.BF16);
		assertThat(emulated.reason()).contains("without BF16 instructions").contains("slower");
		assertThat(PrecisionChoice.of(Precision.BF16, List.of("avx512_bf16")).reason()).isEqualTo("--precision bf16");
		assertThat(Precision.parse("BF16")).isEqualTo(Precision.BF16);
		assertThat(Precision.parse("fp8")).isNull();
	}

	/**
	 * Both cores busy while this machine decides, many times over: the decision is the
	 * same every time (it was a timing race once, and chose differently under load).
	 */
	@Test
	void busyCoresDoNotChangeTheDecision() throws InterruptedException {
		PrecisionChoice quiet = PrecisionChoice.of(Precision.AUTO);
		AtomicBoolean busy = new AtomicBoolean(true);
		List<Thread> burners = new ArrayList<>();
		for (int i = 0; i < Runtime.getRuntime().availableProcessors() + 1; i++) {
			Thread t = new Thread(() -> {
				double x = 1;
				while (busy.get()) {
					x = Math.sin(x) + 1;
				}
			});
			t.setDaemon(true);
			t.start();
			burners.add(t);
		}
		try {
			for (int i = 0; i < 50; i++) {
				assertThat(PrecisionChoice.of(Precision.AUTO)).isEqualTo(quiet);
			}
		}
		finally {
			busy.set(false);
			for (Thread t : burners) {
				t.join();
			}
		}
		boolean bf16Cpu = CpuDescription.flags().contains("avx512_bf16") || CpuDescription.flags().contains("amx_bf16");
		assertThat(quiet.chosen()).isEqualTo(bf16Cpu ? Precision.BF16 : Precision.F32);
	}

}
