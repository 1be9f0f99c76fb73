package com.qwenbatch.llm.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Writes a TorchScript archive (the zip that {@code torch.jit.save} makes) from source
 * text, with no Python involved: one module class {@code __torch__.Ops} without
 * parameters whose methods are given in TorchScript's serialized syntax. libtorch loads
 * it and runs its methods, which reaches operators that DJL's NDArray API cannot (BF16
 * tensors among them).
 *
 * <p>
 * Layout, all entries stored (not deflated) under one top folder: {@code version} ("3"),
 * {@code data.pkl} (the module object, pickle protocol 2: an {@code Ops} with state
 * {'training': True}), {@code constants.pkl} (an empty tuple) and
 * {@code code/__torch__.py} (the class).
 */
public final class TorchScriptArchive {

	private static final String FOLDER = "ops/";

	private TorchScriptArchive() {
	}

	/**
	 * The archive bytes for a module whose methods are {@code methods}, each the text of
	 * one {@code def} in serialized TorchScript, indented by two spaces per level.
	 */
	public static byte[] of(String methods) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("version", "3\n".getBytes(StandardCharsets.US_ASCII));
		entries.put("data.pkl", moduleObject());
		entries.put("constants.pkl", new byte[] { (byte) 0x80, 2, ')', '.' });
		entries.put("code/__torch__.py", moduleSource(methods).getBytes(StandardCharsets.UTF_8));
		return zip(entries);
	}

	/**
	 * Loads the module whose methods are {@code methods} into libtorch; what its methods
	 * return belongs to whichever manager the caller hands {@code toTensor}.
	 */
	static PtSymbolBlock load(NDManager manager, String methods) {
		try {
			return JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(of(methods)), false, false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String moduleSource(String methods) {
		return "class Ops(Module):\n" + "  __parameters__ = []\n" + "  __buffers__ = []\n" + "  training : bool\n"
				+ methods;
	}

	/**
	 * Pickle protocol 2 of the module object: PROTO 2, GLOBAL '__torch__ Ops',
	 * EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, 'training', NEWTRUE, SETITEMS, BUILD, STOP.
	 */
	private static byte[] moduleObject() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0x80);
		out.write(2);
		writeAscii(out, "c__torch__\nOps\n");
		out.write(')');
		out.write(0x81);
		out.write('}');
		out.write('(');
		byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
		out.write('X');
		for (int shift = 0; shift < 32; shift += 8) {
			out.write((key.length >>> shift) & 0xff);
		}
		out.writeBytes(key);
		out.write(0x88);
		out.write('u');
		out.write('b');
		out.write('.');
		return out.toByteArray();
	}

	private static void writeAscii(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] zip(Map<String, byte[]> entries) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				byte[] data = entry.getValue();
				ZipEntry zipEntry = new ZipEntry(FOLDER + entry.getKey());
				zipEntry.setMethod(ZipEntry.STORED);
				zipEntry.setSize(data.length);
				zipEntry.setCompressedSize(data.length);
				CRC32 crc = new CRC32();
				crc.update(data);
				zipEntry.setCrc(crc.getValue());
				zip.putNextEntry(zipEntry);
				zip.write(data);
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
