package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.LakehouseInputs;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * How many contacts a segment, saved or draft, has right now, without writing anything: it
 * evaluates only the segment and those it depends on, exactly as the recompute would.
 */
public final class Preview {

  /** A segment's member counts. */
  public record Counts(String segmentId, Instant asOf, long total, long identified) {
    public long anonymous() {
      return total - identified;
    }
  }

  private Preview() {}

  public static Counts count(
      SparkSession spark, Lakehouse lakehouse, DefinitionSet set, String segmentId, Instant asOf) {
    Row row =
        SegmentMemberships.members(
                set.restrictedTo(segmentId), LakehouseInputs.read(spark, lakehouse, asOf), asOf)
            .where(col("segment_id").equalTo(lit(segmentId)))
            .agg(functions.count(lit(1)), sum(when(col("identified"), 1L).otherwise(0L)))
            .head();
    return new Counts(segmentId, asOf, row.getLong(0), row.isNullAt(1) ? 0 : row.getLong(1));
  }
}
