package io.segmentflow.batch.publish;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reports the Spark tasks of the jobs a block of driver code starts as one {@link Progress} task:
 * done tasks out of the tasks of every stage those jobs planned (stages Spark skips, their output
 * being reused, are counted as done at the end).
 */
final class TaskProgress extends SparkListener implements AutoCloseable {

  /** The local property that carries a job's group, set by {@link SparkContext#setJobGroup}. */
  private static final String JOB_GROUP = "spark.jobGroup.id";

  private final SparkContext context;
  private final Progress progress;
  private final String task;
  private final String group = "segmentflow-" + UUID.randomUUID();
  private final Set<Integer> stages = new HashSet<>();
  private long total;
  private long done;
  private boolean closed;

  /** Starts counting the jobs this thread starts from now on, until {@link #close}. */
  TaskProgress(SparkContext context, Progress progress, String task) {
    this.context = context;
    this.progress = progress;
    this.task = task;
    context.setJobGroup(group, task, false);
    context.addSparkListener(this);
    progress.report(task, 0, -1);
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart job) {
    if (closed || !group.equals(job.properties().getProperty(JOB_GROUP))) {
      return;
    }
    for (StageInfo stage : CollectionConverters.asJava(job.stageInfos())) {
      if (stages.add(stage.stageId())) {
        total += stage.numTasks();
      }
    }
    progress.report(task, done, total);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    if (!closed && stages.contains(end.stageId()) && end.taskInfo().successful()) {
      progress.report(task, ++done, total);
    }
  }

  /** Reports every task done: the jobs have finished (and skipped stages did no work). */
  synchronized void finished() {
    progress.report(task, total, total);
  }

  /** Stops counting. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      context.removeSparkListener(this);
      context.clearJobGroup();
    }
  }
}
