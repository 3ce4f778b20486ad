package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.ops.Maintenance;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code maintain}: compaction and vacuum of the lakehouse's Delta tables. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Compacts the lakehouse's Delta tables (OPTIMIZE: many small files rewritten into few, rows"
          + " unchanged) and vacuums them (VACUUM: files that no version of the last"
          + " --retention-hours needs are deleted), and prints what it did per table.",
      "Time travel (who was in a segment on a date, by version) and restore before a backfill"
          + " reach back only as far as the retention. Run it when no recompute runs."
    })
final class MaintainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Option(
      names = "--tables",
      split = ",",
      paramLabel = "TABLE",
      description = "The tables to maintain (default: every table of the lakehouse): %s.")
  List<String> tables;

  @Option(
      names = "--retention-hours",
      defaultValue = "168",
      paramLabel = "HOURS",
      description =
          "VACUUM keeps the files of every version of the last HOURS hours (default and"
              + " minimum: ${DEFAULT-VALUE}, Delta's safety limit).")
  long retentionHours;

  @Option(
      names = "--force-retention",
      description =
          "Allows a retention below 168 hours: only when nothing else reads or writes the"
              + " lakehouse.")
  boolean forceRetention;

  @Option(names = "--no-optimize", description = "Vacuum only.")
  boolean noOptimize;

  @Option(names = "--no-vacuum", description = "Compact only.")
  boolean noVacuum;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::maintain);
  }

  private int maintain() {
    List<Table> chosen = chosenTables();
    if (noOptimize && noVacuum) {
      throw new IllegalArgumentException("--no-optimize and --no-vacuum leave nothing to do");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    List<Maintenance.Done> done =
        new Maintenance(
                SparkSessions.create("segmentflow maintain"),
                lakehouse.lakehouse(),
                ProgressBars.stages(err))
            .run(chosen, !noOptimize, !noVacuum, retentionHours, forceRetention);
    out.printf(
        "Maintained %s in %.1f s: %s%s%n",
        lakehouse,
        (System.nanoTime() - start) / 1e9,
        noOptimize ? "" : "OPTIMIZE",
        noVacuum ? "" : (noOptimize ? "" : " + ") + "VACUUM RETAIN " + retentionHours + " HOURS");
    out.printf(
        "%-20s %14s %20s %22s%n",
        "table", "live files", "compacted -> written", "files on storage");
    for (Maintenance.Done table : done) {
      if (!table.exists()) {
        out.printf("%-20s %s%n", table.table().tableName(), "no such table, skipped");
        continue;
      }
      out.printf(
          "%-20s %6d -> %-5d %9d -> %-8d %9d -> %-10d%n",
          table.table().tableName(),
          table.filesBefore(),
          table.filesAfter(),
          table.filesCompacted(),
          table.filesWritten(),
          table.filesOnStorageBefore(),
          table.filesOnStorageAfter());
    }
    out.flush();
    return 0;
  }

  private List<Table> chosenTables() {
    if (tables == null || tables.isEmpty()) {
      return List.of(Table.values());
    }
    List<Table> chosen = new ArrayList<>();
    for (String name : tables) {
      chosen.add(
          Arrays.stream(Table.values())
              .filter(t -> t.tableName().equals(name.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no table '"
                              + name
                              + "': use "
                              + Arrays.stream(Table.values())
                                  .map(Table::tableName)
                                  .collect(Collectors.joining(", ")))));
    }
    return chosen;
  }
}
