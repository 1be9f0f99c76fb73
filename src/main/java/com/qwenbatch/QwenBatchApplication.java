package com.qwenbatch;

import java.util.Arrays;

import com.qwenbatch.cli.CommandLine;
import com.qwenbatch.llm.DjlRuntime;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point. Commands that only need the model ({@code model}, {@code prompts},
 * {@code bench}) run without a Spring context; the job commands start one. The exit code
 * is meant for cron.
 */
@SpringBootApplication
public class QwenBatchApplication {

	public static void main(String[] args) {
		if (Arrays.asList(args).contains("--debug")) {
			System.setProperty("QB_LOG_EXCEPTIONS", "%ex"); // before the first log line
															// configures logback
		}
		DjlRuntime.configure();
		System.exit(new CommandLine(System.in, System.out, System.err, QwenBatchApplication.class)
			.execute(Arrays.asList(args)));
	}

}
