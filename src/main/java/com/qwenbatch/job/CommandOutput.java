package com.qwenbatch.job;

import java.io.PrintStream;

/**
 * The standard output of the command that started this context: where {@code --log-rows}
 * writes a JSON line per analysed row (the command's last line is its own JSON summary).
 */
public record CommandOutput(PrintStream out) {
}
