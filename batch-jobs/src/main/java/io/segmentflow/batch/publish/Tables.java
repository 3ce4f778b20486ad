package io.segmentflow.batch.publish;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the lakehouse's Delta tables for the commands of this package. */
final class Tables {

  private Tables() {}

  /**
   * A table's rows, at its latest version when a query on them runs (one query sees one version).
   *
   * @throws IllegalStateException when there is no Delta table at the table's path
   */
  static Dataset<Row> latest(SparkSession spark, Lakehouse lakehouse, Lakehouse.Table table) {
    String path = lakehouse.path(table);
    if (!exists(spark, path)) {
      throw new IllegalStateException(
          "no Delta table at "
              + path
              + ": the "
              + table.tableName()
              + " table is missing. Check --lakehouse, or run the job that writes it first");
    }
    return spark.read().format("delta").load(path);
  }

  static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }
}
