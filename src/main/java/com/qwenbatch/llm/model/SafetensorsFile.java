package com.qwenbatch.llm.model;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a safetensors file: an 8-byte little-endian header length, a JSON header, then
 * raw tensor bytes. We parse the header ourselves and map tensors one at a time, so files
 * above 2 GiB load and only one tensor's pages are mapped at any moment.
 */
public final class SafetensorsFile {

	private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

	private final Path path;

	private final Map<String, TensorInfo> tensors;

	private SafetensorsFile(Path path, Map<String, TensorInfo> tensors) {
		this.path = path;
		this.tensors = tensors;
	}

	public static SafetensorsFile open(Path path) {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			long fileSize = channel.size();
			if (fileSize < 8) {
				throw new ModelLoadException(path + ": truncated safetensors file (" + fileSize + " bytes, no header)");
			}
			ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, lengthBytes, 0);
			long headerLength = lengthBytes.flip().getLong();
			if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > fileSize) {
				throw new ModelLoadException(path + ": not a safetensors file or truncated (header length "
						+ headerLength + ", file size " + fileSize + ")");
			}
			ByteBuffer header = ByteBuffer.allocate((int) headerLength);
			readFully(channel, header, 8);
			long dataStart = 8 + headerLength;
			Map<String, TensorInfo> tensors = parseHeader(path, new String(header.array(), StandardCharsets.UTF_8),
					dataStart, fileSize);
			return new SafetensorsFile(path, tensors);
		}
		catch (NoSuchFileException ex) {
			throw new ModelLoadException("model file not found: " + path, ex);
		}
		catch (IOException ex) {
			throw new ModelLoadException(path + ": cannot read: " + ex.getMessage(), ex);
		}
	}

	private static Map<String, TensorInfo> parseHeader(Path path, String json, long dataStart, long fileSize) {
		JsonNode root;
		try {
			root = JsonMapper.builder().build().readTree(json);
		}
		catch (RuntimeException ex) {
			throw new ModelLoadException(path + ": safetensors header is not valid JSON: " + ex.getMessage(), ex);
		}
		Map<String, TensorInfo> tensors = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			String name = entry.getKey();
			if (name.equals("__metadata__")) {
				continue;
			}
			JsonNode node = entry.getValue();
			String where = path.getFileName() + " tensor '" + name + "'";
			TensorDType dtype = TensorDType.parse(node.path("dtype").asString(), where);
			JsonNode shapeNode = node.path("shape");
			long[] shape = new long[shapeNode.size()];
			for (int i = 0; i < shape.length; i++) {
				shape[i] = shapeNode.get(i).asLong();
			}
			long start = dataStart + node.path("data_offsets").path(0).asLong();
			long end = dataStart + node.path("data_offsets").path(1).asLong();
			TensorInfo info = new TensorInfo(name, dtype, shape, path, start, end);
			if (info.byteLength() != info.elementCount() * dtype.bytes()) {
				throw new ModelLoadException(where + ": data_offsets cover " + info.byteLength() + " bytes but shape "
						+ info.shapeText() + " of " + dtype + " needs " + info.elementCount() * dtype.bytes());
			}
			if (end > fileSize) {
				throw new ModelLoadException(path + " is truncated: tensor '" + name + "' ends at byte " + end
						+ " but the file has " + fileSize + " bytes (was the download interrupted?)");
			}
			tensors.put(name, info);
		}
		return tensors;
	}

	public Path path() {
		return this.path;
	}

	public Map<String, TensorInfo> tensors() {
		return this.tensors;
	}

	/**
	 * Maps one tensor's bytes, little-endian. The caller must {@link #release} the buffer
	 * once the bytes have been copied, so pages do not stay resident.
	 */
	public static MappedByteBuffer map(TensorInfo info) {
		if (info.byteLength() > Integer.MAX_VALUE) {
			throw new ModelLoadException(info.file() + " tensor '" + info.name() + "' is " + info.byteLength()
					+ " bytes; single tensors above 2 GiB are not supported");
		}
		try (FileChannel channel = FileChannel.open(info.file(), StandardOpenOption.READ)) {
			MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, info.start(), info.byteLength());
			buffer.order(ByteOrder.LITTLE_ENDIAN);
			return buffer;
		}
		catch (IOException ex) {
			throw new ModelLoadException(info.file() + ": cannot map tensor '" + info.name() + "': " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Reads a tensor into a float array in plain Java (small tensors: references, tests,
	 * tools).
	 */
	public static float[] readFloats(TensorInfo info) {
		MappedByteBuffer buffer = map(info);
		try {
			float[] out = new float[Math.toIntExact(info.elementCount())];
			for (int i = 0; i < out.length; i++) {
				out[i] = info.dtype().decode(buffer);
			}
			return out;
		}
		finally {
			release(buffer);
		}
	}

	/** Unmaps a buffer now instead of waiting for the garbage collector. */
	public static void release(ByteBuffer buffer) {
		try {
			Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
			Field field = unsafeClass.getDeclaredField("theUnsafe");
			field.setAccessible(true);
			Method invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
			invokeCleaner.invoke(field.get(null), buffer);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// Without the cleaner the mapping is released by the garbage collector
			// instead.
		}
	}

	static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
		long pos = position;
		while (target.hasRemaining()) {
			int n = channel.read(target, pos);
			if (n < 0) {
				throw new IOException("unexpected end of file");
			}
			pos += n;
		}
	}

}
