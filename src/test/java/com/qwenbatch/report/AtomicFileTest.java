package com.qwenbatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A file is replaced whole or not at all, also when the disk fills up while it is
 * written.
 */
class AtomicFileTest {

	@TempDir
	Path tmp;

	@Test
	void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
		Path target = this.tmp.resolve("report.xlsx");
		Files.writeString(target, "previous report");
		assertThatThrownBy(() -> AtomicFile.write(target, (out) -> {
			out.write(new byte[1000]);
			throw new IOException("No space left on device");
		})).hasMessageContaining("No space left");
		assertThat(target).hasContent("previous report");
		assertThat(listing(this.tmp)).containsExactly("report.xlsx");
	}

	@Test
	void aCompleteWriteReplacesTheFile() throws IOException {
		Path target = this.tmp.resolve("sub/out.csv");
		AtomicFile.write(target, (out) -> out.write("a,b\n".getBytes()));
		AtomicFile.write(target, (out) -> out.write("c,d\n".getBytes()));
		assertThat(target).hasContent("c,d");
		assertThat(listing(target.getParent())).containsExactly("out.csv");
	}

	/**
	 * A real full disk: a 64 KiB tmpfs (mounting needs root, which CI and the development
	 * machines have). Writing 1 MiB fails with ENOSPC; the old file is intact.
	 */
	@Test
	void aFullDiskLeavesThePreviousFileIntact() throws Exception {
		Path mount = Files.createDirectories(this.tmp.resolve("small-disk"));
		assertThat(exec("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()))
			.as("mount a 64 KiB tmpfs (needs root)")
			.isZero();
		try {
			Path target = mount.resolve("report.xlsx");
			Files.writeString(target, "previous report");
			assertThatThrownBy(() -> AtomicFile.write(target, (out) -> {
				byte[] block = new byte[64 * 1024];
				for (int i = 0; i < 16; i++) {
					out.write(block);
				}
			})).isInstanceOf(IOException.class);
			assertThat(target).hasContent("previous report");
			assertThat(listing(mount)).containsExactly("report.xlsx");
		}
		finally {
			exec("umount", mount.toString());
		}
	}

	private static int exec(String... command) throws Exception {
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

	private static java.util.List<String> listing(Path dir) throws IOException {
		try (var files = Files.list(dir)) {
			return files.map((p) -> p.getFileName().toString()).sorted().toList();
		}
	}

}
