package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.publish.Freeze;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code freeze}: a static list made of a segment's current members. */
@Command(
    name = "freeze",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a static list from a segment's current members: one ADD list action per member"
          + " (source MANUAL, id freeze:LIST:CONTACT) appended to the list actions table, and the"
          + " list's definition written into the definitions folder, or landed into the"
          + " definitions table.",
      "Running it again adds nothing. Freezing into an existing static list adds the members it"
          + " lacks and removes nobody. The next nightly run computes the list's members."
    })
public final class FreezeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private LakehouseOption lakehouse;

  @Mixin private DefinitionsOption definitions;

  @Option(
      names = "--segment",
      required = true,
      paramLabel = "SEGMENT",
      description = "The id of the segment to freeze.")
  private String segment;

  @Option(
      names = "--list-id",
      required = true,
      paramLabel = "LIST",
      description = "The id of the static list: 1 to 64 lower-case letters, digits, '-' or '_'.")
  private String listId;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The list's name (default: the segment's name and the date).")
  private String name;

  @Option(
      names = "--at",
      paramLabel = "INSTANT",
      description =
          "The time of the list actions, such as 2026-11-22T09:00:00Z (default: now). The list"
              + " has its members in runs as of this time or later.")
  private Instant at;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::freeze);
  }

  private int freeze() throws Exception {
    Instant time = (at != null ? at : Instant.now()).truncatedTo(ChronoUnit.MILLIS);
    Lakehouse root = lakehouse.lakehouse();
    SparkSession spark = SparkSessions.create("segmentflow freeze");
    Freeze.Result result =
        Freeze.freeze(
            spark, root, definitions.read(root, () -> spark), segment, listId, name, time);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Froze %d members of segment '%s' into static list '%s' at %s%n",
        result.members(), segment, listId, time);
    out.printf(
        "  list actions: %d added to %s (%d were already there)%n",
        result.actionsAdded(),
        root.path(Lakehouse.Table.LIST_ACTIONS),
        result.members() - result.actionsAdded());
    out.printf(
        result.definitionWritten()
            ? "  definition: written to %s%n"
            : "  definition: %s already defines the static list, left unchanged%n",
        result.definition());
    out.flush();
    return 0;
  }
}
