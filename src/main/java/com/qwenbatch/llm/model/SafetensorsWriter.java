package com.qwenbatch.llm.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a safetensors file whose tensors are produced on the fly, chunk by chunk, so a
 * checkpoint of any size is written in bounded memory.
 */
public final class SafetensorsWriter {

	/** A tensor to write: its values are requested in consecutive chunks. */
	public record PendingTensor(String name, long[] shape, ValueSource values) {

		long elementCount() {
			long n = 1;
			for (long d : this.shape) {
				n *= d;
			}
			return n;
		}

	}

	/** Supplies {@code count} values starting at element {@code offset}. */
	@FunctionalInterface
	public interface ValueSource {

		float[] chunk(long offset, int count);

	}

	private static final int CHUNK = 1 << 20;

	private SafetensorsWriter() {
	}

	public static void write(Path file, List<PendingTensor> tensors, TensorDType dtype) throws IOException {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("__metadata__", Map.of("format", "pt"));
		long offset = 0;
		for (PendingTensor tensor : tensors) {
			long bytes = tensor.elementCount() * dtype.bytes();
			header.put(tensor.name(), Map.of("dtype", dtype.name(), "shape", tensor.shape(), "data_offsets",
					List.of(offset, offset + bytes)));
			offset += bytes;
		}
		byte[] json = JsonMapper.builder().build().writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
		int padded = (json.length + 7) / 8 * 8; // keep tensor data 8-byte aligned, as the
												// reference writer does
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
			out.write(json);
			for (int i = json.length; i < padded; i++) {
				out.write(' ');
			}
			for (PendingTensor tensor : tensors) {
				long total = tensor.elementCount();
				for (long done = 0; done < total; done += CHUNK) {
					int count = (int) Math.min(CHUNK, total - done);
					ByteBuffer encoded = dtype.encode(tensor.values().chunk(done, count));
					out.write(encoded.array(), 0, encoded.limit());
				}
			}
		}
	}

}
