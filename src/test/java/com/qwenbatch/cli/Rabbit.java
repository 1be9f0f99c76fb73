package com.qwenbatch.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machine's RabbitMQ, stopped and started the way an operator (or a crash) does it:
 * the node stays, its application stops, durable queues and persistent messages survive.
 */
final class Rabbit {

	private Rabbit() {
	}

	static void stopApp() throws IOException, InterruptedException {
		rabbitmqctl("stop_app");
	}

	static void startApp() throws IOException, InterruptedException {
		rabbitmqctl("start_app");
		rabbitmqctl("await_startup");
	}

	private static void rabbitmqctl(String command) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes());
		assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("rabbitmqctl " + command).isTrue();
		assertThat(p.exitValue()).as("rabbitmqctl " + command + ": " + output).isZero();
	}

}
