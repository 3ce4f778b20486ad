package io.segmentflow.batch.publish;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.TestLakehouse;
import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.batch.recompute.SegmentMemberships;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreezeITCase {

  private static final Instant AT = Instant.parse("2026-11-22T09:30:00Z");

  @TempDir Path directory;

  private final SparkSession spark = SparkTestSession.get();
  private final TestLakehouse data = TestLakehouse.get();

  @Test
  void freezingTwiceLandsTheActionsOnceAndTheRecomputeGivesTheSegmentsMembers() throws IOException {
    Path definitions = TestLakehouse.writeDefinitions(directory.resolve("definitions"));
    Lakehouse lakehouse = data.lakehouse();
    Set<String> vip = data.members("vip");

    Freeze.Result first =
        Freeze.freeze(
            spark,
            lakehouse,
            DefinitionDocuments.of(definitions),
            "vip",
            "vip-frozen",
            "VIP, frozen",
            AT);
    Freeze.Result second =
        Freeze.freeze(
            spark,
            lakehouse,
            DefinitionDocuments.of(definitions),
            "vip",
            "vip-frozen",
            null,
            AT.plusSeconds(60));

    assertThat(first)
        .isEqualTo(
            new Freeze.Result(
                "vip",
                "vip-frozen",
                vip.size(),
                vip.size(),
                definitions.resolve("vip-frozen.json").toString(),
                true));
    assertThat(second)
        .isEqualTo(
            new Freeze.Result(
                "vip",
                "vip-frozen",
                vip.size(),
                0,
                definitions.resolve("vip-frozen.json").toString(),
                false));

    List<Row> actions =
        spark
            .read()
            .format("delta")
            .load(lakehouse.path(Lakehouse.Table.LIST_ACTIONS))
            .where(col("list_id").equalTo("vip-frozen"))
            .orderBy("action_id")
            .collectAsList();
    assertThat(actions)
        .extracting(Row::toString)
        .containsExactlyElementsOf(
            vip.stream()
                .map(
                    id ->
                        "["
                            + String.join(
                                ",",
                                "freeze:vip-frozen:" + id,
                                id,
                                "vip-frozen",
                                "ADD",
                                "MANUAL",
                                Timestamp.from(AT).toString())
                            + "]")
                .toList());

    DefinitionSet.Validation validation = DefinitionSet.validate(definitions);
    assertThat(validation.errors()).isEmpty();
    DefinitionSet set = validation.orThrow();
    SegmentDefinition list = set.get("vip-frozen").orElseThrow();
    assertThat(list.kind()).isEqualTo(SegmentDefinition.Kind.STATIC);
    assertThat(list.name()).isEqualTo("VIP, frozen");
    assertThat(list.description()).isEqualTo("Frozen from segment vip on 2026-11-22");

    DefinitionSet justTheList =
        DefinitionSet.of(
            set.catalog(),
            Map.of("vip-frozen.json", Files.readString(definitions.resolve("vip-frozen.json"))));
    assertThat(recomputedMembers(justTheList, lakehouse, "vip-frozen", AT)).isEqualTo(vip);
  }

  /** The members the nightly recompute gives a segment, from the lakehouse's input tables. */
  private Set<String> recomputedMembers(
      DefinitionSet set, Lakehouse lakehouse, String segmentId, Instant asOf) {
    SegmentMemberships.Inputs inputs =
        new SegmentMemberships.Inputs(
            spark.read().format("delta").load(lakehouse.path(Lakehouse.Table.CONTACTS)),
            spark.createDataFrame(List.of(), TableSchemas.COMPANIES),
            spark.createDataFrame(List.of(), TableSchemas.EVENTS),
            spark.read().format("delta").load(lakehouse.path(Lakehouse.Table.LIST_ACTIONS)));
    Dataset<Row> members =
        SegmentMemberships.members(set, inputs, asOf)
            .where(col("segment_id").equalTo(segmentId))
            .select("contact_id");
    Set<String> ids = new TreeSet<>();
    members.collectAsList().forEach(row -> ids.add(row.getString(0)));
    return ids;
  }
}
