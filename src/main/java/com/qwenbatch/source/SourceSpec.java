package com.qwenbatch.source;

import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.qwenbatch.comment.Sha256;

/**
 * Where a run's comments come from: a CSV export, a database table or a SELECT query. It
 * carries no credentials: a database is named by its address, and the password comes from
 * the environment when a connection is opened.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({ @JsonSubTypes.Type(value = SourceSpec.CsvFile.class, name = "csv"),
		@JsonSubTypes.Type(value = SourceSpec.Table.class, name = "table"),
		@JsonSubTypes.Type(value = SourceSpec.Query.class, name = "query") })
public sealed interface SourceSpec permits SourceSpec.CsvFile, SourceSpec.Table, SourceSpec.Query {

	/** The column names the user gave; a null name means "the usual one". */
	ColumnNames columns();

	/** The name stored with every result: the file name, the table, or "query". */
	@JsonIgnore
	String name();

	/**
	 * What identifies the data, stable across runs and free of credentials: the file's
	 * absolute path, or the database's normalised address and the table or a hash of the
	 * query.
	 */
	@JsonIgnore
	String key();

	/**
	 * A CSV export in {@code encoding}. {@code idFromText}: every comment's id is made
	 * from its content ({@code --id-from-text}), as it is when the file has no id column.
	 */
	record CsvFile(String path, String encoding, ColumnNames columns, Boolean idFromText) implements SourceSpec {

		/** Absent in runs stored by earlier versions: off. */
		public CsvFile {
			idFromText = Boolean.TRUE.equals(idFromText);
		}

		public CsvFile(String path, String encoding, ColumnNames columns) {
			this(path, encoding, columns, false);
		}

		@Override
		public String name() {
			return Path.of(this.path).getFileName().toString();
		}

		@Override
		public String key() {
			return "csv:" + Path.of(this.path).toAbsolutePath().normalize();
		}

		public Path file() {
			return Path.of(this.path);
		}

	}

	/** A table (or view), read in id order. */
	record Table(DatabaseAddress database, String table, ColumnNames columns) implements SourceSpec {

		@Override
		public String name() {
			return this.table;
		}

		@Override
		public String key() {
			return "db:" + this.database.key() + "/table:" + this.table.toLowerCase(Locale.ROOT);
		}

	}

	/** One SELECT statement, read in id order. */
	record Query(DatabaseAddress database, String sql, ColumnNames columns) implements SourceSpec {

		@Override
		public String name() {
			return "query";
		}

		@Override
		public String key() {
			return "db:" + this.database.key() + "/query:" + Sha256.hex(this.sql.strip().replaceAll("\\s+", " "), 12);
		}

	}

	/** Column names as given on the command line (null: found by the usual names). */
	record ColumnNames(String id, String text, String date, String channel) {

		public static final ColumnNames USUAL = new ColumnNames(null, null, null, null);

	}

}
