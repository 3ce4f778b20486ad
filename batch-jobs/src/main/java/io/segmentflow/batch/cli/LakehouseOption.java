package io.segmentflow.batch.cli;

import io.segmentflow.batch.lakehouse.Lakehouse;
import picocli.CommandLine.Option;

/** The {@code --lakehouse} option every lakehouse command takes. */
final class LakehouseOption {

  @Option(
      names = "--lakehouse",
      required = true,
      paramLabel = "ROOT",
      description = "Root of the lakehouse: a folder, or a URI such as s3a://bucket/lakehouse.")
  String root;

  Lakehouse lakehouse() {
    return new Lakehouse(root);
  }

  @Override
  public String toString() {
    return root;
  }
}
