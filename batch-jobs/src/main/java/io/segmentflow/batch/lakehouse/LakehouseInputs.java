package io.segmentflow.batch.lakehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.recompute.SegmentMemberships;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** The input tables as of an evaluation time; a table not created yet reads as empty. */
public final class LakehouseInputs {

  private LakehouseInputs() {}

  /** Events are limited to the partitions up to the evaluation day (later ones cannot count). */
  public static SegmentMemberships.Inputs read(
      SparkSession spark, Lakehouse lakehouse, Instant asOf) {
    Dataset<Row> events =
        read(spark, lakehouse, Table.EVENTS, TableSchemas.EVENTS)
            .where(
                col("event_date")
                    .leq(lit(Date.valueOf(LocalDate.ofInstant(asOf, ZoneOffset.UTC)))));
    return new SegmentMemberships.Inputs(
        read(spark, lakehouse, Table.CONTACTS, TableSchemas.CONTACTS),
        read(spark, lakehouse, Table.COMPANIES, TableSchemas.COMPANIES),
        events,
        read(spark, lakehouse, Table.LIST_ACTIONS, TableSchemas.LIST_ACTIONS));
  }

  public static Dataset<Row> read(
      SparkSession spark, Lakehouse lakehouse, Table table, StructType schema) {
    String path = lakehouse.path(table);
    return DeltaTable.isDeltaTable(spark, path)
        ? spark.read().format("delta").load(path)
        : spark.createDataFrame(List.of(), schema);
  }
}
