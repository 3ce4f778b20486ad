package io.segmentflow.batch;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The session of every job. Under {@code spark-submit} the master and resources come from the
 * submit command; run with {@code java -jar} (no master set) it starts an embedded {@code local[2]}
 * Spark. Either way Delta Lake is enabled and times are UTC.
 */
public final class SparkSessions {

  private SparkSessions() {}

  public static SparkSession create(String appName) {
    SparkConf conf = new SparkConf(true);
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.databricks.delta.properties.defaults.enableChangeDataFeed", "true");
    if (!conf.contains("spark.master")) {
      builder
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "8")
          // Delta rebuilds a table's state with 50 tasks by default: too many for one machine.
          .config("spark.databricks.delta.snapshotPartitions", "1");
    }
    return builder.getOrCreate();
  }
}
