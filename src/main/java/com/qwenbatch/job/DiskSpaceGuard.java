package com.qwenbatch.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Keeps space in reserve under an H2 results database: before each chunk, a disk with
 * less free than {@code qwen-batch.min-free-disk} (default 64 MB) fails the run with a
 * line that says so, while H2 can still write. (H2 that meets a full disk mid-write may
 * fail half-way or, worse, spin without end.) PostgreSQL reports its own full disk
 * (SQLSTATE 53100), which {@link DiskFull} names.
 */
@Component
class DiskSpaceGuard {

	private final Path folder;

	private final DataSize reserve;

	DiskSpaceGuard(Environment environment, @Value("${qwen-batch.min-free-disk:64MB}") DataSize reserve) {
		this.folder = h2Folder(environment.getProperty("spring.datasource.url"));
		this.reserve = reserve;
	}

	/** The folder of an H2 file database, or null for any other database. */
	static Path h2Folder(String url) {
		if (url == null || !url.startsWith("jdbc:h2:file:")) {
			return null;
		}
		Path file = Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0]).toAbsolutePath();
		return file.getParent();
	}

	/** Throws {@link DiskFull.LowSpaceException} when the reserve is not there. */
	void check() {
		if (this.folder == null) {
			return;
		}
		long free;
		try {
			free = Files.getFileStore(this.folder).getUsableSpace();
		}
		catch (IOException ex) {
			return; // the database itself reports what is wrong with its folder
		}
		if (free < this.reserve.toBytes()) {
			throw new DiskFull.LowSpaceException(String.format(Locale.ROOT,
					"%.1f MB free, below the %d MB kept in reserve (qwen-batch.min-free-disk)", free / 1048576.0,
					this.reserve.toMegabytes()));
		}
	}

}
