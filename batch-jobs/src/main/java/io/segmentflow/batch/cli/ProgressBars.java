package io.segmentflow.batch.cli;

import io.segmentflow.batch.publish.Progress;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Draws a command's {@link Progress} on standard error, one bar per task, so that standard output
 * stays the result.
 */
final class ProgressBars implements Progress, AutoCloseable {

  /** Stages written to {@code err} as they start, each with the time of day. */
  static Consumer<String> stages(PrintWriter err) {
    return stage -> {
      err.printf("[%s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), stage);
      err.flush();
    };
  }

  private ProgressBar bar;
  private String task;

  @Override
  public synchronized void report(String task, long done, long total) {
    if (!task.equals(this.task)) {
      close();
      this.task = task;
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
    }
    if (total >= 0) {
      bar.maxHint(total);
    }
    bar.stepTo(done);
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
      task = null;
    }
  }
}
