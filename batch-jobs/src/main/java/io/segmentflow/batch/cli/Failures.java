package io.segmentflow.batch.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the lakehouse commands end when something is wrong: a one-line reason on standard error (what
 * failed, why, what to do) and an exit code, rather than a stack trace.
 */
final class Failures {

  /** Bad input: an option the command cannot act on (picocli's own code for usage errors). */
  static final int BAD_INPUT = 2;

  /** The command could not complete: a missing table, an unreadable or unwritable file. */
  static final int FAILED = 1;

  private Failures() {}

  static int run(CommandSpec spec, Callable<Integer> command) throws Exception {
    try {
      return command.call();
    } catch (IllegalArgumentException e) {
      return fail(spec, e, BAD_INPUT);
    } catch (IllegalStateException | IOException e) {
      return fail(spec, e, FAILED);
    }
  }

  private static int fail(CommandSpec spec, Exception e, int exitCode) {
    String message = e.getMessage() != null ? e.getMessage() : e.toString();
    spec.commandLine().getErr().println(spec.name() + ": " + message);
    spec.commandLine().getErr().flush();
    return exitCode;
  }
}
