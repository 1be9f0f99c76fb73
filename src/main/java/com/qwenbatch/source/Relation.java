package com.qwenbatch.source;

/**
 * What a database source selects from: a table (a plain, checked name) or a SELECT
 * statement (checked to be exactly one), as the FROM clause of the reader's own
 * statements.
 */
record Relation(String from, String name) {

	private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";

	static Relation of(SourceSpec spec) {
		if (spec instanceof SourceSpec.Table t) {
			return new Relation(checkIdentifier(t.table(), "--source-table"), t.name());
		}
		if (spec instanceof SourceSpec.Query q) {
			return new Relation("(" + SelectStatement.check(q.sql()) + ") q", q.name());
		}
		throw new IllegalArgumentException("a CSV file is not a database relation");
	}

	static String checkIdentifier(String name, String what) {
		if (!name.matches(IDENTIFIER)) {
			throw new SourceException(what + " '" + name + "' is not a plain SQL name (letters, digits, '_', one '.')");
		}
		return name;
	}

}
