package com.qwenbatch.llm.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The token embedding table [vocab, H], looked up where the checkpoint keeps it: each
 * token's row is read from the file when the token is embedded (a few rows a decode step,
 * the operating system's page cache holding the popular ones) and widened to F32 exactly.
 * The table is never held in the process, so a tied lm_head needs only its own copy, in
 * the layout its GEMM wants: 311 MB saved for Qwen1.5-0.5B in BF16, 622 MB in F32. The
 * file stays open while the model is loaded, so replacing it (a new download renamed over
 * it) does not change what a loaded model reads; writing into it in place (copying a new
 * checkpoint over it) would, so each lookup first checks that the file under its name is
 * not the open one with a new modification time or size, and refuses if it is: no row may
 * mix the embeddings of one checkpoint with the layers of another.
 */
final class TokenEmbedding implements AutoCloseable {

	private final TensorInfo table;

	private final FileChannel file;

	private final int width;

	private final int rowBytes;

	private final ByteBuffer row;

	private final BasicFileAttributes opened;

	private TokenEmbedding(TensorInfo table, FileChannel file, BasicFileAttributes opened) {
		this.table = table;
		this.file = file;
		this.opened = opened;
		this.width = Math.toIntExact(table.shape()[1]);
		this.rowBytes = this.width * table.dtype().bytes();
		this.row = ByteBuffer.allocate(this.rowBytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** Opens the table's file; {@code table} is [vocab, H] in any checkpoint type. */
	static TokenEmbedding open(TensorInfo table) {
		try {
			FileChannel file = FileChannel.open(table.file(), StandardOpenOption.READ);
			try {
				return new TokenEmbedding(table, file, Files.readAttributes(table.file(), BasicFileAttributes.class));
			}
			catch (IOException | RuntimeException ex) {
				file.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new ModelLoadException(table.file() + ": cannot open for the token embedding: " + ex.getMessage(),
					ex);
		}
	}

	/** Number of rows (the vocabulary) and their width (H). */
	long vocabulary() {
		return this.table.shape()[0];
	}

	int width() {
		return this.width;
	}

	/** Writes the F32 rows of {@code ids}, one after another, into {@code out}. */
	synchronized void lookup(long[] ids, FloatBuffer out) {
		checkNotWrittenOver();
		for (long id : ids) {
			if (id < 0 || id >= vocabulary()) {
				throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + vocabulary());
			}
			read(this.table.start() + id * this.rowBytes);
			if (this.table.dtype() == TensorDType.F32) {
				out.put(this.row.asFloatBuffer());
			}
			else {
				for (int i = 0; i < this.width; i++) {
					out.put(this.table.dtype().decode(this.row));
				}
			}
		}
	}

	/**
	 * The same file (device and inode) under the name, modified since it was opened: it
	 * was written into in place. (A file renamed over the name is another file; the open
	 * one is unchanged.)
	 */
	private void checkNotWrittenOver() {
		BasicFileAttributes now;
		try {
			now = Files.readAttributes(this.table.file(), BasicFileAttributes.class);
		}
		catch (IOException ex) {
			return; // removed or renamed away: the open file is what it was
		}
		if (Objects.equals(now.fileKey(), this.opened.fileKey())
				&& (!now.lastModifiedTime().equals(this.opened.lastModifiedTime())
						|| now.size() != this.opened.size())) {
			throw new ModelLoadException(this.table.file() + " was written over while the model was loaded (modified "
					+ now.lastModifiedTime() + "); stopping so that no comment is analysed with parts of two"
					+ " checkpoints: run the same command again to continue with the file as it is now");
		}
	}

	private void read(long position) {
		this.row.clear();
		try {
			SafetensorsFile.readFully(this.file, this.row, position);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(this.table.file() + ": cannot read tensor '" + this.table.name()
					+ "' (changed on disk after the model was loaded?)", ex);
		}
		this.row.flip();
	}

	@Override
	public void close() {
		try {
			this.file.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
