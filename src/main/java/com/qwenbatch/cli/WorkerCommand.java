package com.qwenbatch.cli;

import java.util.List;
import java.util.Map;

import com.qwenbatch.job.partition.PartitionWorker;
import com.qwenbatch.llm.ModelFiles;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code worker}: joins a scaled-out run. Waits for partition requests on the broker, runs each
 * with the job's own step against the shared database, until stopped (Ctrl-C / SIGTERM) or, with
 * {@code --exit-when-idle S}, after S seconds without work.
 */
final class WorkerCommand {

	static final String USAGE = """
			worker --broker amqp://USER:PASS@HOST:5672 --db jdbc:postgresql://HOST:5432/DB [--model MODEL|demo]
			    [--exit-when-idle SECONDS]""";

	int run(List<String> words) throws Exception {
		Arguments args = new Arguments(words, java.util.Set.of());
		String broker = args.optional("broker", null);
		String db = args.optional("db", null);
		if (broker == null || db == null) {
			throw new UsageException("worker needs --broker and --db (the manager's)\n" + USAGE);
		}
		Map<String, String> properties = new java.util.LinkedHashMap<>(ScaleOut.common(args, broker, db));
		String model = args.optional("model", null);
		if (model != null) {
			// loaded before the first partition arrives: a missing model fails now, not mid-run
			properties.put(ScaleOut.PREFIX + "worker-model", model);
			properties.put(ScaleOut.PREFIX + "worker-model-directory", ModelFiles.locate(model));
		}
		int idle = args.intOption("exit-when-idle", 0);
		args.rejectUnknown();
		try (ConfigurableApplicationContext context = SpringContexts.start(db, properties)) {
			PartitionWorker worker = context.getBean(PartitionWorker.class);
			if (model != null) {
				worker.preload();
			}
			worker.run(idle);
			return ExitCodes.OK;
		}
	}

}
