package com.qwenbatch.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU in one line, for every printed speed figure: model name, cores this process may
 * use, and the flags that decide which GEMM kernels run.
 */
public final class CpuDescription {

	private static final List<String> KERNEL_FLAGS = List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16",
			"amx_tile", "amx_bf16", "amx_int8");

	private CpuDescription() {
	}

	/** e.g. "AMD EPYC 9R14, 2 cores, avx2 fma avx512f avx512_vnni avx512_bf16" */
	public static String text() {
		List<String> flags = flags();
		String kernels = String.join(" ", KERNEL_FLAGS.stream().filter(flags::contains).toList());
		return modelName() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
				+ (kernels.isEmpty() ? "no AVX2/AVX-512/AMX flags" : kernels);
	}

	/** The CPU's feature flags (Linux); empty where unknown. */
	static List<String> flags() {
		String flags = cpuinfo("flags");
		return flags == null ? List.of() : List.of(flags.split("\\s+"));
	}

	private static String modelName() {
		String name = cpuinfo("model name");
		return name != null ? name : System.getProperty("os.arch"); // not Linux: all we
																	// know
	}

	/** The first value of {@code key} in /proc/cpuinfo, or null where there is none. */
	private static String cpuinfo(String key) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith(key)) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or no /proc
		}
		return null;
	}

}
