package com.qwenbatch.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Which weights a model directory holds, whatever it is called: 16 hex digits of a
 * SHA-256 over the names, sizes and bytes of the files that decide the model's answers
 * (config, generation config, tokenizer, weights). Two directories with the same files
 * have the same fingerprint; one changed byte changes it. Computed once per directory and
 * process (about 1 s per GB on this project's machines), again only when a file's size or
 * time changed.
 */
public final class ModelFingerprint {

	private static final int HEX_DIGITS = 16;

	private static final Map<Path, Known> KNOWN = new ConcurrentHashMap<>();

	private record Known(String stamp, String fingerprint) {
	}

	private ModelFingerprint() {
	}

	/** The fingerprint of the model files in {@code directory}. */
	public static String of(Path directory) {
		Path key = directory.toAbsolutePath().normalize();
		List<Path> files = files(key);
		String stamp = stamp(files);
		Known known = KNOWN.get(key);
		if (known != null && known.stamp().equals(stamp)) {
			return known.fingerprint();
		}
		String fingerprint = hash(files);
		KNOWN.put(key, new Known(stamp, fingerprint));
		return fingerprint;
	}

	/**
	 * The files that decide the model's answers, by name: JSON (config, tokenizer),
	 * weights, vocabularies; not READMEs or notices.
	 */
	static List<Path> files(Path directory) {
		try (Stream<Path> listing = Files.list(directory)) {
			return listing.filter(Files::isRegularFile).filter((p) -> {
				String name = p.getFileName().toString();
				return name.endsWith(".json") || name.endsWith(".safetensors") || name.endsWith(".bin")
						|| name.equals("merges.txt") || name.endsWith(".model") || name.endsWith(".tiktoken");
			}).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list the model files in " + directory, ex);
		}
	}

	private static String stamp(List<Path> files) {
		StringBuilder stamp = new StringBuilder();
		for (Path file : files) {
			try {
				stamp.append(file.getFileName())
					.append(' ')
					.append(Files.size(file))
					.append(' ')
					.append(Files.getLastModifiedTime(file).toMillis())
					.append('\n');
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read " + file, ex);
			}
		}
		return stamp.toString();
	}

	private static String hash(List<Path> files) {
		MessageDigest sha;
		try {
			sha = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] buffer = new byte[1 << 20];
		for (Path file : files) {
			try (InputStream in = Files.newInputStream(file)) {
				sha.update(
						(file.getFileName() + "\u0000" + Files.size(file) + "\u0000").getBytes(StandardCharsets.UTF_8));
				for (int n; (n = in.read(buffer)) > 0;) {
					sha.update(buffer, 0, n);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read " + file, ex);
			}
		}
		return HexFormat.of().formatHex(sha.digest()).substring(0, HEX_DIGITS);
	}

}
