package io.segmentflow.streaming.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.schemas.ChangeType;
import io.segmentflow.schemas.ContactSnapshot;
import io.segmentflow.schemas.HandoverFile;
import io.segmentflow.schemas.HandoverManifest;
import io.segmentflow.schemas.MembershipChange;
import io.segmentflow.schemas.MembershipReason;
import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.eval.DerivedFields;
import io.segmentflow.segments.eval.EventFeatures;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.FeatureSpec;
import io.segmentflow.segments.eval.FeatureState;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.eval.Overrides;
import io.segmentflow.segments.eval.ReferenceEvaluator;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.parse.DefinitionSet;
import io.segmentflow.streaming.demo.StreamDemo;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's streaming half end to end (in-process Kafka, a local mini-cluster), started from a
 * small hand-over this test writes with the core as the batch {@code handover} command would: the
 * contacts' snapshots as of a time just past, their memberships those the core's reference
 * evaluator gives then. Also the stream's start from a hand-over: members are not entered again,
 * and live events move contacts.
 */
class DemoCommandITCase {

  private static final Path EXAMPLES = Path.of("..", "examples", "definitions");
  private static final int CONTACTS = 60;
  private static final long SEED = 42;

  @TempDir Path lakehouse;

  @Test
  void theDemoStartsFromAHandOverPrintsEntriesAndExitsAndStopsByItself() throws Exception {
    // Just past, so that live events stamped with the wall clock come after it.
    Instant asOf = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    DefinitionSet definitions = DefinitionSet.load(EXAMPLES);
    Set<String> batchMembers = writeHandover(definitions, asOf);

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(tee(printed, System.out), true, StandardCharsets.UTF_8);
    StreamDemo.Result result =
        new StreamDemo(
                new StreamDemo.Options(
                    lakehouse,
                    EXAMPLES,
                    null,
                    Duration.ofSeconds(15),
                    25,
                    SEED,
                    null,
                    20,
                    null,
                    "segmentflow.",
                    Duration.ofSeconds(1),
                    10,
                    Duration.ofSeconds(5)),
                out)
            .run();
    String text = printed.toString(StandardCharsets.UTF_8);

    // It printed what a user wants to see, and ended by itself.
    assertThat(text).containsPattern("\\+ c-\\d{9} entered ");
    assertThat(text).containsPattern("- c-\\d{9} left ");
    assertThat(text).contains("Starting from the hand-over of recompute-test");
    assertThat(text).contains(">> list action: ").contains(">> profile update: ");
    assertThat(text).contains("The two feeds agree");
    assertThat(text).contains("bin/segmentflow-stream consume --bootstrap-servers");
    assertThat(result.jobEnd()).startsWith("stopped with a savepoint");
    assertThat(Files.isDirectory(lakehouse.resolve("stream-checkpoints/savepoints"))).isTrue();
    assertThat(result.deadLetters()).isZero();

    // The batch's counts come from the snapshots; the membership topic is them plus the changes.
    Map<String, Long> expectedBatch = new TreeMap<>();
    definitions.inEvaluationOrder().forEach(d -> expectedBatch.put(d.id(), 0L));
    batchMembers.forEach(pair -> expectedBatch.merge(pair.split("/")[0], 1L, Long::sum));
    assertThat(result.batchMembers()).isEqualTo(expectedBatch);
    for (String segment : expectedBatch.keySet()) {
      assertThat(result.currentMembers().getOrDefault(segment, 0L))
          .as(segment)
          .isEqualTo(
              expectedBatch.get(segment)
                  + result.entered().getOrDefault(segment, 0L)
                  - result.exited().getOrDefault(segment, 0L));
    }

    // Members of the hand-over are not entered again: a pair's first change is never an entry.
    Set<String> seen = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (MembershipChange change : result.changes()) {
      String pair = change.getSegmentId() + "/" + change.getContactId();
      if (seen.add(pair)
          && batchMembers.contains(pair)
          && change.getChange() == ChangeType.ENTERED) {
        duplicates.add(pair);
      }
    }
    assertThat(duplicates).as("members of the hand-over entered again").isEmpty();

    // A live input after the as-of moves a contact into a segment its filter now selects.
    List<MembershipChange> moved =
        result.changes().stream()
            .filter(c -> c.getChange() == ChangeType.ENTERED)
            .filter(c -> c.getReason() == MembershipReason.FILTER)
            .filter(c -> !batchMembers.contains(c.getSegmentId() + "/" + c.getContactId()))
            .filter(c -> result.firstInput().containsKey(c.getContactId()))
            .filter(c -> !c.getChangedAt().isBefore(result.firstInput().get(c.getContactId())))
            .toList();
    assertThat(moved).isNotEmpty();
    assertThat(moved).allMatch(c -> c.getChangedAt().isAfter(asOf));
    assertThat(result.eventsSent()).isGreaterThan(100);
  }

  /**
   * Writes {@code lakehouse/handover/recompute-test/} as the batch would: one snapshot per
   * generated contact and its manifest, last.
   *
   * @return the members, as {@code segment/contact}
   */
  private Set<String> writeHandover(DefinitionSet definitions, Instant asOf) throws Exception {
    Path folder = Files.createDirectories(lakehouse.resolve("handover/recompute-test"));
    SampleDataGenerator generator =
        new SampleDataGenerator(new GeneratorOptions(SEED, CONTACTS, CONTACTS / 20, 20, 90, asOf));
    ReferenceEvaluator evaluator = new ReferenceEvaluator(definitions);
    FeaturePlan plan = evaluator.plan();
    Set<String> members = new HashSet<>();
    Path file = folder.resolve("part-00000.avro");
    try (DataFileWriter<ContactSnapshot> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ContactSnapshot.class))) {
      writer.create(ContactSnapshot.getClassSchema(), file.toFile());
      for (int i = 0; i < CONTACTS; i++) {
        ContactData data = generator.contact(i);
        FeatureState features = FeatureState.empty();
        List<Event> events =
            EventFeatures.distinct(
                data.events().stream().filter(e -> !e.occurredAt().isAfter(asOf)).toList());
        events.forEach(event -> features.add(plan, event));
        features.prune(plan, asOf);
        Map<String, ListAction> latest = new TreeMap<>();
        data.listActions().stream()
            .filter(a -> !a.occurredAt().isAfter(asOf))
            .forEach(
                a ->
                    latest.merge(
                        a.listId(), a, (x, y) -> Overrides.LATEST_LAST.compare(x, y) >= 0 ? x : y));
        List<ListAction> actions = List.copyOf(latest.values());
        Map<String, Membership> evaluated =
            evaluator.evaluate(
                data.contact(), data.company(), features.valuesAt(plan, asOf), actions, asOf);
        List<io.segmentflow.schemas.Membership> memberships = new ArrayList<>();
        for (Membership membership : new TreeMap<>(evaluated).values()) {
          if (membership.member()) {
            String contactId = data.contact().contactId();
            members.add(membership.segmentId() + "/" + contactId);
            memberships.add(
                io.segmentflow.schemas.Membership.newBuilder()
                    .setSegmentId(membership.segmentId())
                    .setContactId(contactId)
                    .setEnteredAt(asOf.minus(Duration.ofDays(3)))
                    .setReason(MembershipReason.valueOf(membership.reason().name()))
                    .setContactable(!data.contact().unsubscribed())
                    .setIdentified(DerivedFields.identified(data.contact()))
                    .build());
          }
        }
        writer.append(
            ContactSnapshot.newBuilder()
                .setContactId(data.contact().contactId())
                .setAsOf(asOf)
                .setContact(AvroRecords.toAvro(data.contact()))
                .setCompany(data.company() == null ? null : AvroRecords.toAvro(data.company()))
                .setListActions(actions.stream().map(AvroRecords::toAvro).toList())
                .setFeatureState(ByteBuffer.wrap(features.toBytes()))
                .setMemberships(memberships)
                .build());
      }
    }
    Map<String, String> hashes = new HashMap<>();
    definitions.inEvaluationOrder().forEach(d -> hashes.put(d.id(), definitions.sha256(d.id())));
    HandoverManifest manifest =
        HandoverManifest.newBuilder()
            .setRunId("recompute-test")
            .setAsOf(asOf)
            .setContacts(CONTACTS)
            .setFiles(
                List.of(
                    HandoverFile.newBuilder()
                        .setPath("part-00000.avro")
                        .setRecords(CONTACTS)
                        .setSha256(
                            HexFormat.of()
                                .formatHex(
                                    MessageDigest.getInstance("SHA-256")
                                        .digest(Files.readAllBytes(file))))
                        .build()))
            .setMembershipsVersion(1)
            .setDefinitions(hashes)
            .setFeaturePlan(plan.specs().stream().map(FeatureSpec::toString).toList())
            .setCreatedAt(Instant.now())
            .build();
    try (OutputStream json = Files.newOutputStream(folder.resolve("_manifest.json"))) {
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(manifest.getSchema(), json, true);
      new SpecificDatumWriter<>(HandoverManifest.class).write(manifest, encoder);
      encoder.flush();
    }
    return members;
  }

  private static OutputStream tee(OutputStream first, OutputStream second) {
    return new OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        first.write(b);
        second.write(b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
        first.write(bytes, offset, length);
        second.write(bytes, offset, length);
      }
    };
  }
}
