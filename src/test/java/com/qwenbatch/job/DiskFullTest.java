package com.qwenbatch.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk in each form it takes: H2's failed write under a commit, PostgreSQL's
 * SQLSTATE 53100, a report or export write; other failures are not taken for it.
 */
class DiskFullTest {

	@Test
	void aFullDiskIsFoundUnderWhateverWrapsIt() {
		Throwable h2 = new TransactionSystemException("JDBC commit failed",
				new SQLException("General error: \"Writing to file failed; length 40960\" [50000-240]", "HY000",
						new IllegalStateException("Writing to FileChannelImpl failed",
								new IOException("No space left on device"))));
		assertThat(DiskFull.reason(h2)).contains("No space left on device");
		assertThat(DiskFull.fromDatabase(h2)).isTrue();

		SQLException postgres = new SQLException(
				"ERROR: could not extend file \"base/16384/16590\": No space left on device", "53100");
		assertThat(DiskFull.reason(postgres)).contains(postgres.getMessage());
		assertThat(DiskFull
			.reason(new SQLException("ERROR: could not extend file \"base/1/2\": wrote only 4096", "XX000")))
			.contains("could not extend file \"base/1/2\": wrote only 4096");

		Throwable report = new UncheckedIOException(new IOException("No space left on device"));
		assertThat(DiskFull.reason(report)).contains("No space left on device");
		assertThat(DiskFull.fromDatabase(report)).isFalse();
	}

	@Test
	void otherFailuresAreNotAboutSpace() {
		assertThat(DiskFull.reason(new SQLException("Connection refused", "08001"))).isEmpty();
		assertThat(DiskFull.reason(new IOException("Permission denied"))).isEmpty();
		assertThat(DiskFull.reason(new SQLException("duplicate key value violates unique constraint", "23505")))
			.isEmpty();
	}

}
