package io.segmentflow.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.data.Contact;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceITCase {

  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path directory;

  private Lakehouse lakehouse;
  private Maintenance maintenance;

  @BeforeEach
  void fiveSmallAppends() {
    lakehouse = new Lakehouse(directory.resolve("lake").toString());
    maintenance = new Maintenance(spark, lakehouse, line -> {});
    IntStream.range(0, 5)
        .forEach(
            i ->
                spark
                    .createDataFrame(
                        List.of(Rows.contact(Contact.builder("c-" + i).country("FR").build())),
                        TableSchemas.CONTACTS)
                    .coalesce(1)
                    .write()
                    .format("delta")
                    .mode("append")
                    .save(lakehouse.path(Table.CONTACTS)));
  }

  private List<String> contacts() {
    return spark
        .read()
        .format("delta")
        .load(lakehouse.path(Table.CONTACTS))
        .toJSON()
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  @Test
  void compactionRewritesSmallFilesIntoOneAndKeepsTheRows() {
    List<String> rows = contacts();

    List<Maintenance.Done> done =
        maintenance.run(List.of(Table.CONTACTS, Table.EVENTS), true, false, 168, false);

    assertThat(done)
        .containsExactly(
            new Maintenance.Done(Table.CONTACTS, true, 5, 1, 5, 1, 5, 6),
            new Maintenance.Done(Table.EVENTS, false, 0, 0, 0, 0, 0, 0));
    assertThat(contacts()).isEqualTo(rows);
  }

  @Test
  void vacuumWithTheDefaultRetentionKeepsRecentFilesAndAForcedShortOneDeletesThem() {
    maintenance.run(List.of(Table.CONTACTS), true, false, 168, false);
    List<String> rows = contacts();

    Maintenance.Done kept =
        maintenance.run(List.of(Table.CONTACTS), false, true, 168, false).get(0);
    Maintenance.Done deleted =
        maintenance.run(List.of(Table.CONTACTS), false, true, 0, true).get(0);

    assertThat(kept.filesOnStorageAfter()).isEqualTo(6);
    assertThat(deleted.filesOnStorageBefore()).isEqualTo(6);
    assertThat(deleted.filesOnStorageAfter()).isEqualTo(1);
    assertThat(contacts()).isEqualTo(rows);
    assertThat(spark.conf().get("spark.databricks.delta.retentionDurationCheck.enabled"))
        .as("Delta's safety check is back on")
        .isEqualTo("true");
  }

  @Test
  void refusesARetentionBelowDeltasSafetyLimitUnlessForced() {
    assertThatThrownBy(() -> maintenance.run(List.of(Table.CONTACTS), false, true, 24, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "a retention of 24 hours is below Delta's safety limit of 168 hours");
    assertThatThrownBy(() -> maintenance.run(List.of(Table.CONTACTS), false, true, -1, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the retention cannot be negative: -1");
  }
}
