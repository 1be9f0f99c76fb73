package com.qwenbatch.llm;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's practical F32 ceiling through the same libtorch and thread settings: a
 * plain [512×1024]·[1024×2816] matmul (the prefill shape of one MLP projection), median
 * of 5 runs.
 */
public final class GemmProbe {

	private GemmProbe() {
	}

	public static double gflops(QwenEngine engine) {
		try (NDManager m = engine.model().manager().newSubManager()) {
			NDArray a = m.randomNormal(new Shape(512, 1024));
			NDArray b = m.randomNormal(new Shape(1024, 2816));
			a.matMul(b).close();
			List<Double> rates = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				long start = System.nanoTime();
				NDArray c = a.matMul(b);
				c.toFloatArray(); // force completion
				double seconds = (System.nanoTime() - start) / 1e9;
				c.close();
				rates.add(2.0 * 512 * 1024 * 2816 / seconds / 1e9);
			}
			rates.sort(Double::compare);
			return rates.get(2);
		}
	}

}
