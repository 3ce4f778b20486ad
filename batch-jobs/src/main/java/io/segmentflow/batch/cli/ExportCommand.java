package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.publish.MemberExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: a segment's members with chosen columns to a local CSV or XLSX file. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a segment's current members, ordered by contact id, with the contact columns you"
          + " choose, to a CSV (RFC 4180, UTF-8) or XLSX file on this machine.",
      "Rows stream to the file: a million members need no more memory than a hundred. Timestamps"
          + " are UTC (ISO-8601 in CSV, date-time cells in XLSX); tags and custom fields are JSON.",
      "With spark-submit, use client deploy mode: the file is written where the driver runs."
    })
public final class ExportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private LakehouseOption lakehouse;

  @Option(
      names = "--segment",
      required = true,
      paramLabel = "SEGMENT",
      description = "The id of the segment or static list to export.")
  private String segment;

  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "COLUMN",
      description =
          "Columns after contact_id, comma-separated: any column of the contacts table (email,"
              + " phone, first_name, last_name, country, language, city, created_at, updated_at,"
              + " tags, company_id, unsubscribed, marketing_consent, custom_fields) or entered_at,"
              + " reason, contactable, identified (default: contact_id only).")
  private List<String> columns = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv or xlsx (default: the output file's extension).")
  private String format;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "The file to write, replaced if it exists.")
  private Path output;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::export);
  }

  private int export() throws Exception {
    List<String> header = MemberExport.header(columns);
    MemberExport.Format fileFormat =
        format != null
            ? MemberExport.Format.of(format)
            : MemberExport.Format.ofFile(output)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "cannot tell the format from the name "
                                + output.getFileName()
                                + ": pass --format csv or --format xlsx"));
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    MemberExport export =
        MemberExport.prepare(
            SparkSessions.create("segmentflow export"), lakehouse.lakehouse(), segment, header);
    long rows;
    try (ProgressBars progress = new ProgressBars()) {
      rows = export.writeTo(output, fileFormat, progress);
    }
    out.printf(
        "Exported %d members of segment '%s' to %s (%s, columns %s) in %.1f s%n",
        rows,
        segment,
        output.toAbsolutePath(),
        fileFormat.extension(),
        String.join(",", header),
        (System.nanoTime() - start) / 1e9);
    out.flush();
    if (rows == 0) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "export: warning: segment '%s' has no members in %s: check the segment id%n",
          segment, lakehouse.lakehouse().path(Lakehouse.Table.MEMBERSHIPS));
      err.flush();
    }
    return 0;
  }
}
