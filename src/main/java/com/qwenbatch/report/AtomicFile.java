package com.qwenbatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file under its final name only once it is complete: the content goes to a
 * temporary file in the same folder, is flushed to disk, and is renamed over the target.
 * A failure (a full disk, say) leaves the previous file as it was and no temporary file
 * behind.
 */
public final class AtomicFile {

	/** What writes the content. */
	@FunctionalInterface
	public interface Content {

		void writeTo(OutputStream out) throws IOException;

	}

	private AtomicFile() {
	}

	public static void write(Path target, Content content) throws IOException {
		Path absolute = target.toAbsolutePath();
		Path folder = absolute.getParent();
		Files.createDirectories(folder);
		Path temporary = Files.createTempFile(folder, "." + absolute.getFileName(), ".part");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = Channels.newOutputStream(channel)) {
				content.writeTo(out);
				out.flush();
				channel.force(true);
			}
			try {
				Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
