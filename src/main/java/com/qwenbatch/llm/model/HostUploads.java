package com.qwenbatch.llm.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.Consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Copies per-step inputs (ids, positions, masks, embedded tokens) into libtorch through
 * one reusable direct buffer. {@code NDManager.create(float[])} allocates a new direct
 * buffer per call that only the garbage collector frees; direct memory does not press the
 * heap, so thousands of steps grew the RSS by gigabytes before a collection ran.
 */
final class HostUploads {

	private ByteBuffer staging = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());

	NDArray floats(NDManager manager, float[] values, Shape shape) {
		return floats(manager, shape, (buffer) -> buffer.put(values));
	}

	/** F32 of {@code shape}, written by {@code fill} straight into the staging buffer. */
	NDArray floats(NDManager manager, Shape shape, Consumer<FloatBuffer> fill) {
		long bytes = shape.size() * 4L;
		ByteBuffer buffer = reserve(bytes);
		fill.accept(buffer.asFloatBuffer());
		return copyOut(manager, buffer, (int) bytes, shape, DataType.FLOAT32);
	}

	NDArray longs(NDManager manager, long[] values, Shape shape) {
		ByteBuffer buffer = reserve(values.length * 8L);
		buffer.asLongBuffer().put(values);
		return copyOut(manager, buffer, values.length * 8, shape, DataType.INT64);
	}

	private ByteBuffer reserve(long bytes) {
		if (bytes > this.staging.capacity()) {
			int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(bytes, this.staging.capacity() * 2L));
			SafetensorsFile.release(this.staging);
			this.staging = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
		}
		this.staging.clear();
		return this.staging;
	}

	private static NDArray copyOut(NDManager manager, ByteBuffer buffer, int bytes, Shape shape, DataType type) {
		ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
		view.limit(bytes);
		try (NDArray shared = manager.create(view.slice().order(ByteOrder.nativeOrder()), shape, type)) {
			return shared.duplicate(); // libtorch-owned copy: the staging buffer is
										// reused next call
		}
	}

}
