package io.segmentflow.batch;

import static org.apache.spark.sql.functions.col;

import io.segmentflow.batch.lakehouse.EventDeduplication;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.batch.recompute.SegmentMemberships;
import io.segmentflow.segments.conformance.ConformanceSuite;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The core's conformance suite on Spark: every case, evaluated by the Spark recompute. */
class SparkConformanceITCase extends ConformanceSuite {

  @Override
  protected Map<String, Set<String>> members(
      DefinitionSet set, List<ContactData> contacts, Instant asOf) {
    SegmentMemberships.Inputs inputs = inputsOf(SparkTestSession.get(), contacts);
    Map<String, Set<String>> members = new HashMap<>();
    set.inEvaluationOrder().stream()
        .map(SegmentDefinition::id)
        .forEach(id -> members.put(id, new HashSet<>()));
    for (Row row :
        SegmentMemberships.members(set, inputs, asOf)
            .select(col("segment_id"), col("contact_id"))
            .collectAsList()) {
      members.get(row.getString(0)).add(row.getString(1));
    }
    return members;
  }

  /** The contacts' data as input DataFrames, events landed once per id as ingestion does. */
  static SegmentMemberships.Inputs inputsOf(SparkSession spark, List<ContactData> contacts) {
    Map<String, Company> companies = new LinkedHashMap<>();
    contacts.stream()
        .filter(c -> c.company() != null)
        .forEach(c -> companies.put(c.company().companyId(), c.company()));
    Dataset<Row> events =
        spark.createDataFrame(
            contacts.stream().flatMap(c -> c.events().stream()).map(Rows::event).toList(),
            TableSchemas.EVENTS);
    return new SegmentMemberships.Inputs(
        spark.createDataFrame(
            contacts.stream().map(c -> Rows.contact(c.contact())).toList(), TableSchemas.CONTACTS),
        spark.createDataFrame(
            companies.values().stream().map(Rows::company).toList(), TableSchemas.COMPANIES),
        EventDeduplication.earliestPerId(events),
        spark.createDataFrame(
            contacts.stream().flatMap(c -> c.listActions().stream()).map(Rows::listAction).toList(),
            TableSchemas.LIST_ACTIONS));
  }
}
