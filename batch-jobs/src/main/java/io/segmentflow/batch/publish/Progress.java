package io.segmentflow.batch.publish;

/**
 * Where a long operation tells how far it got. The commands draw a progress bar on standard error;
 * tests and embedders pass {@link #NONE}.
 */
@FunctionalInterface
public interface Progress {

  /** Reports nothing. */
  Progress NONE = (task, done, total) -> {};

  /**
   * {@code done} units of {@code task} are finished, out of {@code total} ({@code -1} when the
   * total is not known). Calls for one task come in order; a new task name starts a new step.
   */
  void report(String task, long done, long total);
}
