package io.segmentflow.batch;

import io.segmentflow.batch.lakehouse.EventDeduplication;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.batch.recompute.SegmentMemberships;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.ContactData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Core records as the input DataFrames of the Spark engine, for tests. */
public final class TestInputs {

  private TestInputs() {}

  /**
   * The contacts' data as input DataFrames, events landed once per id as ingestion does. A contact
   * of null stands for events and list actions of a contact id without a profile.
   */
  public static SegmentMemberships.Inputs of(SparkSession spark, List<ContactData> contacts) {
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
            contacts.stream()
                .filter(c -> c.contact() != null)
                .map(c -> Rows.contact(c.contact()))
                .toList(),
            TableSchemas.CONTACTS),
        spark.createDataFrame(
            companies.values().stream().map(Rows::company).toList(), TableSchemas.COMPANIES),
        EventDeduplication.earliestPerId(events),
        spark.createDataFrame(
            contacts.stream().flatMap(c -> c.listActions().stream()).map(Rows::listAction).toList(),
            TableSchemas.LIST_ACTIONS));
  }

  /** Lands the contacts' data as the lakehouse's Delta input tables, as ingestion would. */
  public static void writeTo(Lakehouse lakehouse, SparkSession spark, List<ContactData> contacts) {
    SegmentMemberships.Inputs inputs = of(spark, contacts);
    inputs.contacts().write().format("delta").save(lakehouse.path(Table.CONTACTS));
    inputs.companies().write().format("delta").save(lakehouse.path(Table.COMPANIES));
    inputs
        .events()
        .write()
        .format("delta")
        .partitionBy("event_date")
        .save(lakehouse.path(Table.EVENTS));
    inputs.listActions().write().format("delta").save(lakehouse.path(Table.LIST_ACTIONS));
  }
}
