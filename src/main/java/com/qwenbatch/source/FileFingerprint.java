package com.qwenbatch.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * What a CSV export was when a run started: its size, modification time and the SHA-256
 * of its bytes. Stored with the run, so the same command finding another file under the
 * same name starts over instead of resuming at a record number of the old one. Two
 * fingerprints are the same file when size and content hash agree (a file copied again
 * unchanged keeps its run).
 */
public record FileFingerprint(long size, String modified, String sha256) {

	/** Reads the whole file (about 1 GB per second or two). */
	public static FileFingerprint of(Path file) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 20];
			long size = 0;
			try (InputStream in = Files.newInputStream(file)) {
				for (int n; (n = in.read(buffer)) > 0;) {
					digest.update(buffer, 0, n);
					size += n;
				}
			}
			Instant modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
			return new FileFingerprint(size, modified.toString(), HexFormat.of().formatHex(digest.digest()));
		}
		catch (IOException ex) {
			throw new SourceException(file + ": cannot read: " + ex.getMessage(), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The same bytes. */
	public boolean sameContent(FileFingerprint other) {
		return other != null && this.size == other.size && this.sha256.equals(other.sha256);
	}

	/** "1,234,567 bytes, modified 2026-12-06T02:00:00Z, sha256 3fa9c0d1e2f3". */
	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "%,d bytes, modified %s, sha256 %s", this.size, this.modified,
				this.sha256.substring(0, Math.min(12, this.sha256.length())));
	}

}
