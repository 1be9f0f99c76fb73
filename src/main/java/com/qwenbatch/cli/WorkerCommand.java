package com.qwenbatch.cli;

import java.util.List;
import java.util.Map;

import com.qwenbatch.job.partition.PartitionWorker;
import com.qwenbatch.llm.ModelFiles;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code worker}: joins a scaled-out run. Waits for partition requests on the broker,
 * runs each with the job's own step against the shared database, until stopped (Ctrl-C /
 * SIGTERM: the partition in hand stops after its chunk and is handed back, to go on from
 * there on another worker) or, with {@code --exit-when-idle S}, after S seconds without
 * work.
 */
final class WorkerCommand {

	static final CommandSpec SPEC = CommandSpec
		.of("worker",
				"join a scaled-out run: take partitions from the broker and analyse them into the shared database")
		.usage("worker --broker AMQP_URL --db jdbc:postgresql://HOST:5432/DB [options]")
		.option("broker", "AMQP_URL", null, "the manager's broker, e.g. amqp://USER:PASSWORD@mq-host:5672")
		.option("db", "JDBC_URL", null, "the manager's PostgreSQL database")
		.option("model", "MODEL", "the run's model, found on this machine", "serve only this model, loaded at start")
		.option("queue", "NAME", "qwen-batch.partitions.<12 hex digits of the results database's address>",
				"the broker queue for partition requests: one per deployment (results database)")
		.precisionOption("auto",
				"the precision to preload --model in; each partition uses the precision its run decided when it"
						+ " started (bf16 on a CPU without BF16 instructions is correct, only slower)")
		.decodeSlotsOption()
		.option("exit-when-idle", "SECONDS", "0 (never)", "leave after this long without a partition")
		.example(
				"worker --broker amqp://guest:guest@mq-host:5672 --db jdbc:postgresql://db-host:5432/stats --model Qwen/Qwen1.5-0.5B-Chat");

	private final SpringContexts contexts;

	WorkerCommand(SpringContexts contexts) {
		this.contexts = contexts;
	}

	int run(List<String> words) throws Exception {
		Arguments args = new Arguments(words, SPEC);
		String broker = args.optional("broker", null);
		String db = args.optional("db", null);
		if (broker == null || db == null) {
			throw new UsageException("worker needs --broker and --db (the manager's)");
		}
		Map<String, String> properties = new java.util.LinkedHashMap<>(ScaleOut.common(args, broker, db));
		String model = args.optional("model", null);
		if (model != null) {
			// loaded before the first partition arrives: a missing model fails now, not
			// mid-run
			properties.put(ScaleOut.PREFIX + "worker-model", model);
			properties.put(ScaleOut.PREFIX + "worker-model-directory", ModelFiles.locate(model));
		}
		properties.put(ScaleOut.PREFIX + "worker-precision", args.precision().name());
		properties.putAll(DecodeSlotsOption.property(DecodeSlotsOption.of(args)));
		int idle = args.intOption("exit-when-idle", 0, 0, Integer.MAX_VALUE);
		args.rejectUnknown();
		// the first SIGTERM / Ctrl-C: the partition in hand stops after its chunk and
		// goes
		// back to the manager; the model is freed only after that, on this thread
		StopSignals signals = StopSignals.install(System.err);
		try (ConfigurableApplicationContext context = this.contexts.start(db, properties)) {
			PartitionWorker worker = context.getBean(PartitionWorker.class);
			signals.whenStopped(worker::leave);
			if (model != null && !signals.received()) {
				worker.preload();
			}
			worker.run(idle);
			return ExitCodes.OK;
		}
	}

}
