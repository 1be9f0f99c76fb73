package com.qwenbatch.llm.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The on-disk element types we read from safetensors files. Compute is always F32. */
public enum TensorDType {

	F32(4), BF16(2), F16(2);

	private final int bytes;

	TensorDType(int bytes) {
		this.bytes = bytes;
	}

	public int bytes() {
		return this.bytes;
	}

	public static TensorDType parse(String safetensorsName, String where) {
		try {
			return valueOf(safetensorsName.toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ModelLoadException(where + ": unsupported dtype " + safetensorsName
					+ " (supported: F32, BF16, F16; quantised checkpoints are not supported)");
		}
	}

	/** Encodes float values in this type, little-endian, as safetensors stores them. */
	public ByteBuffer encode(float[] values) {
		ByteBuffer out = ByteBuffer.allocate(values.length * this.bytes).order(ByteOrder.LITTLE_ENDIAN);
		for (float v : values) {
			switch (this) {
				case F32 -> out.putFloat(v);
				case BF16 -> out.putShort(toBfloat16(v));
				case F16 -> out.putShort(toFloat16(v));
			}
		}
		return out.flip();
	}

	/**
	 * Decodes one element at the buffer's current position (plain Java; used by
	 * references and tests).
	 */
	public float decode(ByteBuffer in) {
		return switch (this) {
			case F32 -> in.getFloat();
			case BF16, F16 -> widen(in.getShort());
		};
	}

	/** One 16-bit element (BF16 or F16) as a float. */
	float widen(short bits) {
		return this == BF16 ? Float.intBitsToFloat((bits & 0xffff) << 16) : fromFloat16(bits);
	}

	static short toBfloat16(float v) {
		int bits = Float.floatToRawIntBits(v);
		int rounding = 0x7fff + ((bits >>> 16) & 1); // round to nearest even
		return (short) ((bits + rounding) >>> 16);
	}

	static short toFloat16(float v) {
		int bits = Float.floatToRawIntBits(v);
		int sign = (bits >>> 16) & 0x8000;
		int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
		int mantissa = bits & 0x7fffff;
		if (exponent <= 0) {
			if (exponent < -10) {
				return (short) sign;
			}
			mantissa = (mantissa | 0x800000) >> (1 - exponent);
			return (short) (sign | ((mantissa + 0x1000) >> 13));
		}
		if (exponent >= 31) {
			return (short) (sign | 0x7c00);
		}
		int half = sign | (exponent << 10) | (mantissa >> 13);
		if ((mantissa & 0x1000) != 0) {
			half++; // round half up; overflow into the exponent is the correct carry
		}
		return (short) half;
	}

	static float fromFloat16(short h) {
		int bits = h & 0xffff;
		int sign = (bits & 0x8000) << 16;
		int exponent = (bits >>> 10) & 0x1f;
		int mantissa = bits & 0x3ff;
		if (exponent == 0) {
			return (sign == 0 ? 1f : -1f) * mantissa * 0x1p-24f;
		}
		if (exponent == 31) {
			return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
		}
		return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
	}

}
