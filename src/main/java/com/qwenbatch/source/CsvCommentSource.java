package com.qwenbatch.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.exceptions.CsvException;
import com.qwenbatch.comment.Comment;
import com.qwenbatch.comment.RejectedRow;
import com.qwenbatch.comment.SourceRecord;

/**
 * Reads a CSV export with OpenCSV: a header row, quoted fields with commas, quotes and
 * newlines, UTF-8 with or without BOM (or another charset such as GB18030). Bad rows are
 * returned as rejected records naming the line and the reason; the stream carries on.
 * Without an id column (or with {@code idFromText}) a comment's id is its
 * {@link Comment#contentId content id}: line numbers change from one export to the next,
 * what a comment says does not. Rejected rows keep "file:line" as their id, for people.
 */
public final class CsvCommentSource implements CommentSource {

	private static final char REPLACEMENT = '\uFFFD';

	private final Path file;

	private final String name;

	private final int maxChars;

	private final CSVReader reader;

	private final CsvColumns columns;

	private final int headerWidth;

	private final long endRecord;

	private final boolean idFromText;

	private long consumed;

	private boolean broken;

	public CsvCommentSource(Path file, Charset charset, SourceSpec.ColumnNames names, int maxChars, long skipRecords) {
		this(file, charset, names, false, maxChars, skipRecords, Long.MAX_VALUE);
	}

	/**
	 * Reads records {@code [skipRecords, endRecord)} (0-based, header not counted): a
	 * partition of a scaled-out run is such a range.
	 */
	public CsvCommentSource(Path file, Charset charset, SourceSpec.ColumnNames names, boolean idFromText, int maxChars,
			long skipRecords, long endRecord) {
		this.file = file;
		this.endRecord = endRecord;
		this.name = sourceName(file);
		this.maxChars = maxChars;
		try {
			this.reader = new CSVReaderBuilder(openSkippingBom(file, charset)).build();
			String[] header = this.reader.readNext();
			if (header == null) {
				throw new SourceException(this.name + ": the file is empty (expected a header row)");
			}
			this.headerWidth = header.length;
			this.columns = CsvColumns.resolve(header, names, this.name);
			this.idFromText = idFromText || this.columns.id() < 0;
			for (long i = 0; i < skipRecords && nextRaw() != null; i++) {
				// fast-forward to the restart position
			}
		}
		catch (NoSuchFileException ex) {
			throw new SourceException("input file not found: " + file, ex);
		}
		catch (IOException | CsvException ex) {
			throw new SourceException(this.name + ": cannot read: " + ex.getMessage(), ex);
		}
	}

	/** The source name stored with each result: the file name. */
	public static String sourceName(Path file) {
		return file.getFileName().toString();
	}

	private static Reader openSkippingBom(Path file, Charset charset) throws IOException {
		var decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		PushbackReader in = new PushbackReader(
				new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16));
		int first = in.read();
		if (first != -1 && first != '\uFEFF') {
			in.unread(first);
		}
		return in;
	}

	private record Raw(String[] fields, long line) {
	}

	private Raw nextRaw() throws IOException, CsvException {
		if (this.broken) {
			return null;
		}
		long line = this.reader.getLinesRead() + 1;
		String[] fields = this.reader.readNext();
		if (fields == null) {
			return null;
		}
		this.consumed++;
		return new Raw(fields, line);
	}

	@Override
	public SourceRecord next() {
		if (this.consumed >= this.endRecord) {
			return null;
		}
		Raw raw;
		long line = this.reader.getLinesRead() + 1;
		try {
			raw = nextRaw();
		}
		catch (IOException | CsvException ex) {
			// an unterminated quote swallows the rest of the file: reject it once and
			// stop
			this.broken = true;
			this.consumed++;
			return reject(line, this.name + ":" + line, "malformed CSV from line " + line + ": " + ex.getMessage(), "");
		}
		if (raw == null) {
			return null;
		}
		return toRecord(raw);
	}

	private SourceRecord toRecord(Raw raw) {
		String[] f = Arrays.stream(raw.fields()).map(TextRule::clean).toArray(String[]::new);
		String fallbackId = this.name + ":" + raw.line();
		if (f.length == 1 && f[0].isBlank()) {
			return reject(raw.line(), fallbackId, "empty line", "");
		}
		String rawText = String.join(",", f);
		if (f.length != this.headerWidth) {
			return reject(raw.line(), fallbackId, "malformed CSV line " + raw.line() + ": expected " + this.headerWidth
					+ " fields, found " + f.length, rawText);
		}
		String given = this.idFromText ? null : field(f, this.columns.id());
		boolean hasId = given != null && !given.isBlank();
		String id = hasId ? given : fallbackId; // a rejected row is named by its line
		String text = field(f, this.columns.text());
		if (rawText.indexOf(REPLACEMENT) >= 0) {
			return reject(raw.line(), id, "unreadable bytes (not valid in the file's encoding; try --encoding GB18030)",
					rawText);
		}
		var violation = TextRule.check(text, this.maxChars, rawText);
		if (violation.isPresent()) {
			return reject(raw.line(), id, violation.get().reason(), violation.get().raw());
		}
		String date = blankToNull(field(f, this.columns.createdAt()));
		String channel = blankToNull(field(f, this.columns.channel()));
		String stripped = text.strip();
		id = hasId ? id.strip() : Comment.contentId(stripped, date, channel);
		return new SourceRecord.Accepted(new Comment(this.name, id, stripped, date, channel, raw.line()));
	}

	private SourceRecord reject(long line, String id, String reason, String raw) {
		return new SourceRecord.Rejected(new RejectedRow(this.name, line, id, reason, raw));
	}

	private static String field(String[] fields, int index) {
		return index >= 0 && index < fields.length ? fields[index] : null;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	/** Ids are made from each comment's content (no id column, or asked for). */
	public boolean idsFromContent() {
		return this.idFromText;
	}

	@Override
	public Object position() {
		return this.consumed;
	}

	@Override
	public String name() {
		return this.name;
	}

	/**
	 * Records (not lines) in the file, for progress: a quick pass with the same parser.
	 */
	public static long countRecords(Path file, Charset charset) {
		try (CSVReader counter = new CSVReaderBuilder(openSkippingBom(file, charset)).build()) {
			long n = -1; // header
			try {
				while (counter.readNext() != null) {
					n++;
				}
			}
			catch (CsvException | IOException ex) {
				n++;
			}
			return Math.max(n, 0);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	@Override
	public void close() {
		try {
			this.reader.close();
		}
		catch (IOException ex) {
			// nothing left to do with a file we only read
		}
	}

	@Override
	public String toString() {
		return this.file.toString();
	}

}
