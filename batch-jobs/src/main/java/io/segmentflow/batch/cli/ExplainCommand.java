package io.segmentflow.batch.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.LakehouseInputs;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.recompute.SegmentMemberships;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.eval.Explanation;
import io.segmentflow.segments.eval.ReferenceEvaluator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code explain}: why one contact is in or out of one segment, condition by condition with the
 * values seen. The contact's data comes from the lakehouse; the explanation is the core's, which
 * the Spark recompute agrees with (conformance and differential tests), and the last recompute's
 * verdict is printed beside it.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Explains why a contact is in or out of a segment, condition by condition, with the values seen.")
final class ExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Mixin DefinitionsOption definitions;

  @Option(names = "--segment", required = true, description = "The segment or list id.")
  String segment;

  @Option(names = "--contact", required = true, description = "The contact id.")
  String contact;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description = "Evaluation time (default: now).")
  Instant asOf;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::explain);
  }

  private int explain() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SparkSession spark = SparkSessions.create("segmentflow-explain");
    Lakehouse house = lakehouse.lakehouse();
    DefinitionDocuments documents = definitions.read(house, () -> spark);
    DefinitionSet set = documents.load();
    if (set.get(segment).isEmpty()) {
      spec.commandLine().getErr().println("no segment '" + segment + "' in " + documents.source());
      return 2;
    }
    Instant evaluationTime = asOf == null ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : asOf;
    SegmentMemberships.Inputs inputs = LakehouseInputs.read(spark, house, evaluationTime);
    List<Row> profile =
        inputs.contacts().where(col("contact_id").equalTo(lit(contact))).collectAsList();
    if (profile.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("no contact '" + contact + "' in " + house.path(Table.CONTACTS));
      return 2;
    }
    Contact person = Rows.toContact(profile.get(0));
    Company company =
        person.companyId() == null
            ? null
            : inputs
                .companies()
                .where(col("company_id").equalTo(lit(person.companyId())))
                .collectAsList()
                .stream()
                .map(Rows::toCompany)
                .findFirst()
                .orElse(null);
    ContactData data =
        new ContactData(
            person,
            company,
            inputs.events().where(col("contact_id").equalTo(lit(contact))).collectAsList().stream()
                .map(Rows::toEvent)
                .toList(),
            inputs
                .listActions()
                .where(col("contact_id").equalTo(lit(contact)))
                .collectAsList()
                .stream()
                .map(Rows::toListAction)
                .toList());

    Explanation explanation =
        new ReferenceEvaluator(set.restrictedTo(segment)).explain(data, segment, evaluationTime);
    out.println(
        "Contact "
            + contact
            + " as of "
            + evaluationTime
            + " ("
            + data.events().size()
            + " events, "
            + data.listActions().size()
            + " list actions):");
    out.print(explanation.render());
    List<Row> recorded =
        LakehouseInputs.read(
                spark,
                house,
                Table.MEMBERSHIPS,
                io.segmentflow.batch.lakehouse.TableSchemas.MEMBERSHIPS)
            .where(
                col("segment_id")
                    .equalTo(lit(segment))
                    .and(col("contact_id").equalTo(lit(contact))))
            .collectAsList();
    out.println(
        recorded.isEmpty()
            ? "Last recompute: not a member."
            : "Last recompute: member since "
                + recorded.get(0).getTimestamp(2).toInstant()
                + " ("
                + recorded.get(0).getString(3)
                + ").");
    return 0;
  }
}
