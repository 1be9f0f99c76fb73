package com.qwenbatch.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * Turns a {@link SourceSpec} into what a run needs: a check before anything starts, a
 * reader over a slice, the number of rows for progress, and the slices of a partitioned
 * run (CSV record ranges, database id ranges).
 */
public final class Sources {

	private static final int BINARY_PROBE = 8192;

	private final SourceConnections connections;

	public Sources(SourceConnections connections) {
		this.connections = connections;
	}

	/**
	 * The whole source, or, for a database, what comes after the {@code watermark} id
	 * (null: all).
	 */
	public SourceSlice whole(SourceSpec spec, Object watermark) {
		return spec instanceof SourceSpec.CsvFile ? new SourceSlice.Records(0, SourceSlice.Records.OPEN)
				: new SourceSlice.Ids(watermark, null);
	}

	/**
	 * A reader over {@code slice} (what is left of it on a restart:
	 * {@link SourceSlice#continuingAfter}).
	 */
	public CommentSource open(SourceSpec spec, SourceSlice slice, int maxChars, int pageSize) {
		if (slice instanceof SourceSlice.Records records && spec instanceof SourceSpec.CsvFile csv) {
			return new CsvCommentSource(csv.file(), Charset.forName(csv.encoding()), csv.columns(), csv.idFromText(),
					maxChars, records.first(), records.end());
		}
		if (slice instanceof SourceSlice.Ids ids) {
			return jdbc(spec, ids, pageSize, maxChars);
		}
		return CommentSource.NONE;
	}

	/** Rows in {@code slice} (records of a CSV export), for progress. */
	public long count(SourceSpec spec, SourceSlice slice) {
		if (slice instanceof SourceSlice.Records records && spec instanceof SourceSpec.CsvFile csv) {
			long end = records.open() ? CsvCommentSource.countRecords(csv.file(), Charset.forName(csv.encoding()))
					: records.end();
			return Math.max(0, end - records.first());
		}
		if (slice instanceof SourceSlice.Ids ids) {
			return jdbc(spec, ids, 1, Integer.MAX_VALUE).count();
		}
		return 0;
	}

	/**
	 * Exactly {@code parts} slices of about the same number of rows, so partition names
	 * stay the same on a restart: CSV records [n*i/N, n*(i+1)/N) with the last one open;
	 * database ids (bound[i-1], bound[i]] from after the watermark, the last open,
	 * surplus slices empty.
	 */
	public List<SourceSlice> plan(SourceSpec spec, Object watermark, int parts) {
		List<SourceSlice> slices = new ArrayList<>();
		if (spec instanceof SourceSpec.CsvFile csv) {
			long records = CsvCommentSource.countRecords(csv.file(), Charset.forName(csv.encoding()));
			for (int i = 0; i < parts; i++) {
				slices.add(new SourceSlice.Records(records * i / parts,
						i == parts - 1 ? SourceSlice.Records.OPEN : records * (i + 1) / parts));
			}
			return slices;
		}
		List<Object> bounds = jdbc(spec, new SourceSlice.Ids(watermark, null), 1, Integer.MAX_VALUE).splitPoints(parts);
		Object after = watermark;
		for (Object bound : bounds) {
			slices.add(new SourceSlice.Ids(after, bound));
			after = bound;
		}
		slices.add(new SourceSlice.Ids(after, null));
		while (slices.size() < parts) {
			slices.add(new SourceSlice.Nothing());
		}
		return slices;
	}

	/**
	 * Refuses a source that cannot be read, before anything is stored: a missing,
	 * unreadable, empty or binary file, a header without a text column; a database that
	 * cannot be reached, a table or query that does not run, an id or text column that is
	 * not there.
	 */
	public void check(SourceSpec spec) {
		checkWithoutConnecting(spec);
		if (spec instanceof SourceSpec.CsvFile) {
			return;
		}
		Relation relation = Relation.of(spec);
		JdbcCommentSource.JdbcColumns columns = JdbcCommentSource.JdbcColumns.of(spec.columns());
		DatabaseAddress database = database(spec);
		DataSource dataSource = this.connections.get(database);
		List<String> present = ReadOnly.query(dataSource, "SELECT * FROM " + relation.from() + " WHERE 1 = 0",
				List.of(), (rs) -> {
					List<String> names = new ArrayList<>();
					for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
						names.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
					}
					return names;
				}, sourceLabel(spec, database));
		requireColumn(present, columns.id(), "--id-column", relation);
		requireColumn(present, columns.text(), "--text-column", relation);
		if (spec.columns().date() != null) {
			requireColumn(present, columns.createdAt(), "--date-column", relation);
		}
		if (spec.columns().channel() != null) {
			requireColumn(present, columns.channel(), "--channel-column", relation);
		}
	}

	/**
	 * What can be checked without a database connection: the whole of a CSV source (file
	 * and header), the table name or the single SELECT statement of a database source.
	 */
	public static void checkWithoutConnecting(SourceSpec spec) {
		if (spec instanceof SourceSpec.CsvFile csv) {
			checkFile(csv);
			idsFromContent(csv);
			return;
		}
		Relation.of(spec);
		JdbcCommentSource.JdbcColumns.of(spec.columns());
	}

	/**
	 * Whether a CSV export's ids are made from each comment's content: it has no id
	 * column, or {@code --id-from-text} asks for it. Reads and checks the header.
	 */
	public static boolean idsFromContent(SourceSpec.CsvFile csv) {
		try (CsvCommentSource header = new CsvCommentSource(csv.file(), Charset.forName(csv.encoding()), csv.columns(),
				csv.idFromText(), 1, 0, 0)) {
			return header.idsFromContent();
		}
	}

	private static String sourceLabel(SourceSpec spec, DatabaseAddress database) {
		String what = spec instanceof SourceSpec.Table t ? "source table '" + t.table() + "'" : "--source-query";
		return what + " at " + database.describe();
	}

	private static void requireColumn(List<String> present, String column, String option, Relation relation) {
		if (!present.contains(column.toLowerCase(Locale.ROOT))) {
			throw new SourceException(relation.name() + ": column '" + column + "' is missing (columns: " + present
					+ "; name another with " + option + ")");
		}
	}

	private static void checkFile(SourceSpec.CsvFile csv) {
		Path file = csv.file();
		if (!Files.exists(file)) {
			throw new SourceException("input file not found: " + file);
		}
		if (!Files.isRegularFile(file)) {
			throw new SourceException(file + ": not a file");
		}
		if (!Files.isReadable(file)) {
			throw new SourceException(file + ": not readable (permission denied)");
		}
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(BINARY_PROBE);
		}
		catch (IOException ex) {
			throw new SourceException(file + ": cannot read: " + ex.getMessage());
		}
		if (head.length == 0) {
			throw new SourceException(file + ": the file is empty (expected a header row)");
		}
		boolean wide = csv.encoding().toUpperCase(Locale.ROOT).startsWith("UTF-16")
				|| csv.encoding().toUpperCase(Locale.ROOT).startsWith("UTF-32");
		String binary = wide ? null : binaryKind(head);
		if (binary != null) {
			throw new SourceException(file + ": this is " + binary + ", not a CSV text file");
		}
	}

	/**
	 * What a file's first bytes say it is when it is not text: a known signature, or many
	 * NUL bytes (a stray NUL inside one comment is text all the same: it is removed from
	 * the comment).
	 */
	private static String binaryKind(byte[] head) {
		if (startsWith(head, 'P', 'K', 3, 4)) {
			return "a ZIP archive (an Excel .xlsx workbook? save it as CSV)";
		}
		if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
			return "an old Excel .xls workbook (save it as CSV)";
		}
		if (startsWith(head, 0x1F, 0x8B)) {
			return "a gzip file (unpack it first)";
		}
		if (startsWith(head, '%', 'P', 'D', 'F')) {
			return "a PDF document";
		}
		long nul = 0;
		for (byte b : head) {
			nul += b == 0 ? 1 : 0;
		}
		return nul * 100 > head.length ? "a binary file (" + nul + " NUL bytes in its first " + head.length + ")"
				: null;
	}

	private static boolean startsWith(byte[] head, int... signature) {
		if (head.length < signature.length) {
			return false;
		}
		for (int i = 0; i < signature.length; i++) {
			if ((head[i] & 0xFF) != signature[i]) {
				return false;
			}
		}
		return true;
	}

	private static DatabaseAddress database(SourceSpec spec) {
		return spec instanceof SourceSpec.Table t ? t.database() : ((SourceSpec.Query) spec).database();
	}

	private JdbcCommentSource jdbc(SourceSpec spec, SourceSlice.Ids ids, int pageSize, int maxChars) {
		return new JdbcCommentSource(this.connections.get(database(spec)), Relation.of(spec),
				JdbcCommentSource.JdbcColumns.of(spec.columns()), pageSize, maxChars, ids);
	}

}
