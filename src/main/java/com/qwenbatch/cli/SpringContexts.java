package com.qwenbatch.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.qwenbatch.job.CommandOutput;
import com.qwenbatch.source.DatabaseAddress;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Spring context for the commands that need the database and the job. The
 * application class comes from the entry point, so this package does not depend on it.
 */
final class SpringContexts {

	static final String DEFAULT_DB = "jdbc:h2:file:./data/qwen-batch";

	private final Class<?> application;

	private final PrintStream out;

	private final boolean frameworkLogs;

	/**
	 * {@code out}: the command's standard output (what a run writes there, the row log,
	 * goes to it); {@code frameworkLogs}: the framework's INFO lines too (--debug,
	 * --verbose).
	 */
	SpringContexts(Class<?> application, PrintStream out, boolean frameworkLogs) {
		this.application = application;
		this.out = out;
		this.frameworkLogs = frameworkLogs;
	}

	ConfigurableApplicationContext start(String dbUrl) {
		return start(DatabaseAddress.parse(dbUrl), Map.of());
	}

	ConfigurableApplicationContext start(String dbUrl, Map<String, String> properties) {
		return start(DatabaseAddress.parse(dbUrl), properties);
	}

	/**
	 * Passed as command-line properties: they outrank application.yaml (builder
	 * "properties" are defaults, which the yaml's datasource URL silently overrode). The
	 * URL goes without credentials; a user name or password it carried is passed on in
	 * memory. Otherwise Spring reads SPRING_DATASOURCE_USERNAME /
	 * SPRING_DATASOURCE_PASSWORD from the environment.
	 */
	ConfigurableApplicationContext start(DatabaseAddress.Parsed db, Map<String, String> properties) {
		List<String> args = new ArrayList<>();
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		args.add("--spring.datasource.url=" + db.address().url());
		DatabaseAddress.Credentials credentials = db.credentials();
		if (credentials.username() != null) {
			args.add("--spring.datasource.username=" + credentials.username());
		}
		else if (db.address().isPostgres() && System.getenv("SPRING_DATASOURCE_USERNAME") == null) {
			args.add("--spring.datasource.username=" + System.getenv().getOrDefault("PGUSER", "postgres"));
		}
		if (credentials.password() != null) {
			args.add("--spring.datasource.password=" + credentials.password());
		}
		if (this.frameworkLogs) {
			args.add("--logging.level.root=INFO");
			args.add("--logging.level.org.springframework=INFO");
			args.add("--logging.level.org.springframework.batch=INFO");
			args.add("--logging.level.com.zaxxer.hikari=INFO");
		}
		return new SpringApplicationBuilder(this.application).initializers(
				(context) -> context.getBeanFactory().registerSingleton("commandOutput", new CommandOutput(this.out)))
			.run(args.toArray(String[]::new));
	}

}
