package com.qwenbatch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.qwenbatch.QwenBatchApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring context for the commands that need the database and the job. */
final class SpringContexts {

	static final String DEFAULT_DB = "jdbc:h2:file:./data/qwen-batch";

	private SpringContexts() {
	}

	/**
	 * Passed as command-line properties: they outrank application.yaml (builder "properties" are
	 * defaults, which the yaml's datasource URL silently overrode).
	 */
	static ConfigurableApplicationContext start(String dbUrl) {
		return start(dbUrl, Map.of());
	}

	/** With extra properties (e.g. the broker of a scaled-out run). */
	static ConfigurableApplicationContext start(String dbUrl, Map<String, String> properties) {
		List<String> args = new ArrayList<>();
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		args.add("--spring.datasource.url=" + dbUrl);
		if (dbUrl.startsWith("jdbc:postgresql:")) {
			args.add("--spring.datasource.username=" + System.getenv().getOrDefault("PGUSER", "postgres"));
		}
		return new SpringApplicationBuilder(QwenBatchApplication.class).run(args.toArray(String[]::new));
	}

}
