package io.segmentflow.batch;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The session of every job. Under {@code spark-submit} the master and resources come from the
 * submit command; run with {@code java -jar} (no master set) it starts an embedded {@code local[2]}
 * Spark. Either way Delta Lake is enabled and times are UTC.
 */
public final class SparkSessions {

  /** Whole-stage code generation up to this many fields (Spark's default: 100). */
  public static final int CODEGEN_MAX_FIELDS = 2_000;

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
            .config("spark.databricks.delta.properties.defaults.enableChangeDataFeed", "true")
            // a row per contact carries a column per feature and two per segment: hundreds, more
            // than Spark's default limit of 100 fields for whole-stage code generation
            .config("spark.sql.codegen.maxFields", String.valueOf(CODEGEN_MAX_FIELDS));
    if (!conf.contains("spark.master")) {
      builder
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "8")
          // Delta rebuilds a table's state with 50 tasks by default: too many for one machine.
          .config("spark.databricks.delta.snapshotPartitions", "1")
          // VACUUM lists a table's files with this many tasks (default 10,000): minutes locally
          .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "4");
    }
    return builder.getOrCreate();
  }
}
