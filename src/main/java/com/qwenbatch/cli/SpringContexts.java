package com.qwenbatch.cli;

import java.util.HashMap;
import java.util.Map;

import com.qwenbatch.QwenBatchApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring context for the commands that need the database and the job. */
final class SpringContexts {

	static final String DEFAULT_DB = "jdbc:h2:file:./data/qwen-batch";

	private SpringContexts() {
	}

	static ConfigurableApplicationContext start(String dbUrl) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", dbUrl);
		if (dbUrl.startsWith("jdbc:postgresql:")) {
			properties.put("spring.datasource.username", System.getenv().getOrDefault("PGUSER", "postgres"));
		}
		return new SpringApplicationBuilder(QwenBatchApplication.class).properties(properties).run();
	}

}
