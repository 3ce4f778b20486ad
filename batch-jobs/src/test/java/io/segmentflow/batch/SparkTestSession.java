package io.segmentflow.batch;

import org.apache.spark.sql.SparkSession;

/** One local[2] session for every Spark test of the JVM, UI off, few shuffle partitions. */
public final class SparkTestSession {

  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("segmentflow-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.databricks.delta.properties.defaults.enableChangeDataFeed", "true")
              .config("spark.databricks.delta.snapshotPartitions", "1")
              .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "4")
              .config("spark.sql.codegen.maxFields", SparkSessions.CODEGEN_MAX_FIELDS)
              // the tests run many different queries, and the same ones again (every recompute of
              // a test's definitions): keep their compiled code rather than compile it again
              // (Spark's default keeps 100 generated classes)
              .config("spark.sql.codegen.cache.maxEntries", "2000")
              .getOrCreate();
    }
    return session;
  }
}
