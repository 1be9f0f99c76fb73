package com.qwenbatch.llm.model;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor lives inside a safetensors file. Offsets are absolute within the file.
 */
public record TensorInfo(String name, TensorDType dtype, long[] shape, Path file, long start, long end) {

	public long byteLength() {
		return this.end - this.start;
	}

	public long elementCount() {
		long n = 1;
		for (long d : this.shape) {
			n *= d;
		}
		return n;
	}

	public String shapeText() {
		return Arrays.toString(this.shape);
	}

}
