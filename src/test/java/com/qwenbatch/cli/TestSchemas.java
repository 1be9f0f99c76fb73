package com.qwenbatch.cli;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Schemas of a test's own on the real PostgreSQL server, dropped after each test:
 * {@code @RegisterExtension final TestSchemas schemas = new TestSchemas();}.
 */
final class TestSchemas implements AfterEachCallback {

	private final List<String> created = new ArrayList<>();

	/** A new, empty schema's name. */
	String create() throws java.sql.SQLException {
		String schema = Faults.newSchema();
		this.created.add(schema);
		return schema;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		for (String schema : this.created) {
			Faults.dropSchema(schema);
		}
		this.created.clear();
	}

}
