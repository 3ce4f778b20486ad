package io.segmentflow.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.TestInputs;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.segments.conformance.DifferentialCheck;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExplainCommandITCase {

  private static final Path EXAMPLES = Path.of("..", "examples", "definitions");
  private static final String AS_OF = "2026-11-22T00:00:00Z";

  @Test
  void explainsAContactFromTheLakehouseAsTheReferenceEvaluatorDecides(@TempDir Path folder)
      throws Exception {
    SparkSession spark = SparkTestSession.get();
    Lakehouse lakehouse = new Lakehouse(folder.toUri().toString());
    List<ContactData> contacts =
        new SampleDataGenerator(new GeneratorOptions(5, 60, 5, 15, 60, Instant.parse(AS_OF)))
            .contacts()
            .toList();
    TestInputs.writeTo(lakehouse, spark, contacts);
    ContactData busiest =
        contacts.stream().max(Comparator.comparingInt(c -> c.events().size())).orElseThrow();
    String id = busiest.contact().contactId();

    StringWriter out = new StringWriter();
    CommandLine cli = BatchCli.commandLine();
    cli.setOut(new PrintWriter(out));
    int exit =
        cli.execute(
            "explain",
            "--lakehouse",
            lakehouse.root(),
            "--definitions",
            EXAMPLES.toString(),
            "--segment",
            "vip-newsletter-reengage",
            "--contact",
            id,
            "--as-of",
            AS_OF);

    boolean member =
        DifferentialCheck.reference(
                DefinitionSet.load(EXAMPLES), List.of(busiest), Instant.parse(AS_OF))
            .get("vip-newsletter-reengage")
            .contains(id);
    assertThat(exit).isZero();
    assertThat(out.toString())
        .startsWith("Contact " + id + " as of " + AS_OF + " (")
        .contains("vip-newsletter-reengage: " + (member ? "IN" : "OUT"))
        .contains("engagement_level in [disengaged, inactive]   (saw \"")
        .contains("Last recompute: not a member.");
  }

  @Test
  void rowsReadBackFromTheTablesEvaluateAsTheRecordsTheyCameFrom() {
    SparkSession spark = SparkTestSession.get();
    DefinitionSet examples;
    try {
      examples = DefinitionSet.load(EXAMPLES);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Instant asOf = Instant.parse(AS_OF);
    List<ContactData> contacts =
        new SampleDataGenerator(new GeneratorOptions(9, 40, 4, 15, 60, asOf)).contacts().toList();
    var inputs = TestInputs.of(spark, contacts);
    var events = inputs.events().collectAsList();
    var actions = inputs.listActions().collectAsList();
    var companies = inputs.companies().collectAsList();
    List<ContactData> readBack =
        inputs.contacts().collectAsList().stream()
            .map(Rows::toContact)
            .map(
                c ->
                    new ContactData(
                        c,
                        companies.stream()
                            .map(Rows::toCompany)
                            .filter(co -> co.companyId().equals(c.companyId()))
                            .findFirst()
                            .orElse(null),
                        events.stream()
                            .map(Rows::toEvent)
                            .filter(e -> e.contactId().equals(c.contactId()))
                            .toList(),
                        actions.stream()
                            .map(Rows::toListAction)
                            .filter(a -> a.contactId().equals(c.contactId()))
                            .toList()))
            .toList();

    assertThat(DifferentialCheck.reference(examples, readBack, asOf))
        .isEqualTo(DifferentialCheck.reference(examples, contacts, asOf));
  }
}
