package com.qwenbatch.comment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one way the product hashes text into a key: the first {@code bytes} bytes of the
 * SHA-256 of its UTF-8 bytes, as lower-case hex (text and content ids, prompt versions,
 * query keys, lease keys, queue names).
 */
public final class Sha256 {

	private Sha256() {
	}

	public static String hex(String text, int bytes) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
