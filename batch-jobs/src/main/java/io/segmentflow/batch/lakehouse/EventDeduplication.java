package io.segmentflow.batch.lakehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** One event per event id, the earliest, as the core counts redelivered events. */
public final class EventDeduplication {

  private EventDeduplication() {}

  public static Dataset<Row> earliestPerId(Dataset<Row> events) {
    return events
        .withColumn(
            "n", row_number().over(Window.partitionBy("event_id").orderBy(col("occurred_at"))))
        .where(col("n").equalTo(1))
        .drop("n");
  }
}
