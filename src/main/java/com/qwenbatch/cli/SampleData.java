package com.qwenbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sample files {@code bench} and {@code evaluate} use by default:
 * {@code sample-data/…} in the working folder, or the copy inside the jar when the
 * command runs elsewhere (copied to a temporary file that is deleted when the command
 * ends).
 */
final class SampleData implements AutoCloseable {

	static final String COMMENTS = "sample-data/comments.csv";

	static final String GOLD = "sample-data/gold.csv";

	private final Path path;

	private final boolean temporary;

	private SampleData(Path path, boolean temporary) {
		this.path = path;
		this.temporary = temporary;
	}

	/**
	 * The file the user named, else the sample file {@code name} from the working folder
	 * or the jar.
	 */
	static SampleData open(String given, String name) {
		if (given != null) {
			return new SampleData(Path.of(given), false);
		}
		Path local = Path.of(name);
		if (Files.exists(local)) {
			return new SampleData(local, false);
		}
		try (InputStream in = SampleData.class.getResourceAsStream("/" + name)) {
			if (in == null) {
				throw new UsageException(name + " not found here, and this build carries no copy of it");
			}
			String fileName = Path.of(name).getFileName().toString();
			Path copy = Files.createTempFile("qwen-batch-", "-" + fileName);
			Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			return new SampleData(copy, true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the bundled " + name, ex);
		}
	}

	Path path() {
		return this.path;
	}

	@Override
	public void close() {
		if (this.temporary) {
			try {
				Files.deleteIfExists(this.path);
			}
			catch (IOException ex) {
				// a file in the temporary folder: the system clears it
			}
		}
	}

}
