package com.qwenbatch.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import com.qwenbatch.comment.Sha256;
import com.qwenbatch.job.RunRequest;
import com.qwenbatch.source.DatabaseAddress;

/**
 * The options of a scaled-out run, shared by {@code run --broker} (manager) and
 * {@code worker}.
 */
final class ScaleOut {

	static final String PREFIX = "qwen-batch.scale-out.";

	private ScaleOut() {
	}

	/** Properties that make {@code run} the manager; none without {@code --broker}. */
	static Map<String, String> managerProperties(Arguments args, RunRequest request, DatabaseAddress.Parsed db) {
		String broker = args.optional("broker", null);
		Map<String, String> properties = new LinkedHashMap<>();
		if (broker == null) {
			for (String option : new String[] { "worker-timeout", "queue", "broker-retry" }) {
				if (args.has(option)) {
					throw new UsageException("--" + option + " needs --broker");
				}
			}
			return properties;
		}
		if (request.selection().partitions() < 2) {
			throw new UsageException("--broker needs --partitions N (N >= 2): the number of slices handed to workers");
		}
		properties.putAll(common(args, broker, db.address().url()));
		int timeout = args.intOption("worker-timeout", 60);
		if (timeout < 5) {
			throw new UsageException("--worker-timeout must be at least 5 seconds (workers beat every 2 s)");
		}
		properties.put(PREFIX + "worker-timeout", timeout + "s");
		properties.put(PREFIX + "broker-retry", args.intOption("broker-retry", 300, 0, 86_400) + "s");
		properties.put(PREFIX + "worker-command",
				workerCommand(broker, db, properties.get(PREFIX + "queue"), request.modelTasks().model()));
		return properties;
	}

	/**
	 * The broker and shared database, checked: both the manager and the workers need
	 * them.
	 */
	static Map<String, String> common(Arguments args, String broker, String db) {
		if (!broker.startsWith("amqp://") && !broker.startsWith("amqps://")) {
			throw new UsageException("--broker must be an AMQP URL such as amqp://USER:PASSWORD@127.0.0.1:5672 (was '"
					+ DatabaseAddress.redactFreeText(broker) + "')");
		}
		if (!db.startsWith("jdbc:postgresql:")) {
			throw new UsageException("--broker needs a database that the manager and every worker share:"
					+ " --db jdbc:postgresql://HOST:5432/DB (was '" + DatabaseAddress.redactFreeText(db) + "')");
		}
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(PREFIX + "broker-url", broker);
		properties.put(PREFIX + "queue", args.optional("queue", null) != null
				? checkedQueue(args.optional("queue", null)) : queueFor(DatabaseAddress.parse(db).address()));
		return properties;
	}

	/**
	 * The command that starts a worker for this run, for the line that says none is
	 * running: the broker's credentials are replaced by placeholders.
	 */
	static String workerCommand(String broker, DatabaseAddress.Parsed db, String queue, String model) {
		java.net.URI uri = java.net.URI.create(broker);
		String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
				+ (uri.getRawPath() == null ? "" : uri.getRawPath());
		return "java -jar qwen-batch.jar worker --broker " + uri.getScheme() + "://USER:PASSWORD@" + where + " --db "
				+ db.address().url() + " --queue " + queue + " --model " + model;
	}

	/**
	 * The request queue of the deployment that uses this results database: two
	 * deployments on one broker (staging and production) never take each other's
	 * partitions. "qwen-batch.partitions." and 12 hex digits of the database's address
	 * (host, port, database, schema; never credentials).
	 */
	static String queueFor(DatabaseAddress resultsDatabase) {
		return "qwen-batch.partitions." + Sha256.hex(resultsDatabase.key(), 6);
	}

	private static String checkedQueue(String name) {
		if (!name.matches("[A-Za-z0-9._:-]{1,200}")) {
			throw new UsageException("--queue " + name + ": use letters, digits and . _ : - (at most 200)");
		}
		return name;
	}

}
