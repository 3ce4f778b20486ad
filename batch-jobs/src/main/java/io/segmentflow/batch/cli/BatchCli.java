package io.segmentflow.batch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The batch commands data engineers schedule and run: the nightly recompute and the commands around
 * it. Submitted with {@code spark-submit --class io.segmentflow.batch.cli.BatchCli JOB_JAR ...} on
 * a cluster, or run locally with an embedded Spark ({@code bin/segmentflow-batch ...}).
 */
@Command(
    name = "segmentflow-batch",
    mixinStandardHelpOptions = true,
    description = "Segment recompute and lakehouse commands on Spark and Delta Lake.",
    subcommands = {
      IngestCommand.class,
      RecomputeCommand.class,
      PreviewCommand.class,
      ExplainCommand.class,
      ExportCommand.class,
      FreezeCommand.class,
      PublishCommand.class,
      HandoverCommand.class,
      CheckCommand.class,
      MaintainCommand.class,
      RestoreCommand.class,
      BenchmarkCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BatchCli {

  public static void main(String[] args) {
    System.exit(new CommandLine(new BatchCli()).execute(args));
  }
}
