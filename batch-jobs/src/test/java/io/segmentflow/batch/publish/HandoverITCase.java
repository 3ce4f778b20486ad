package io.segmentflow.batch.publish;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.batch.BatchCommandLine;
import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.TestInputs;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.batch.recompute.RecomputeJob;
import io.segmentflow.schemas.ContactSnapshot;
import io.segmentflow.schemas.HandoverFile;
import io.segmentflow.schemas.HandoverManifest;
import io.segmentflow.schemas.Membership;
import io.segmentflow.schemas.MembershipReason;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.conformance.RandomContacts;
import io.segmentflow.segments.conformance.RandomSegments;
import io.segmentflow.segments.conformance.RandomTimedSegments;
import io.segmentflow.segments.conformance.Seeds;
import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.eval.EventFeatures;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.FeatureState;
import io.segmentflow.segments.eval.FeatureValues;
import io.segmentflow.segments.eval.Overrides;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over of a run to the stream: one snapshot per contact whose features, list actions and
 * memberships are the run's, files that match their manifest, earlier runs by time travel, and the
 * run's definitions only.
 */
class HandoverITCase {

  private static final Instant AS_OF = RandomContacts.AS_OF;
  private static final int SEGMENTS = 20;
  private static final int CONTACTS = 300;
  private static final String COALESCE_PARTITIONS = "spark.sql.adaptive.coalescePartitions.enabled";

  private static final Instant DAY_1 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant DAY_2 = Instant.parse("2026-11-21T00:00:00Z");

  /** A small lakehouse with two runs, {@link #small()}. */
  private static Path smallRoot;

  private static Lakehouse small;

  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path folder;

  @Test
  void everyContactGetsItsStateAsOfTheRunInFilesThatMatchTheManifest() throws IOException {
    long seed = Seeds.first(1).findFirst().orElseThrow();
    // segments over the whole language, and on time-typed event properties (trials)
    Map<String, String> documents = new TreeMap<>(RandomSegments.generate(seed, SEGMENTS));
    documents.putAll(RandomTimedSegments.generate(seed, SEGMENTS / 2));
    ShippedDefinitions definitions =
        new ShippedDefinitions("random definitions", RandomTimedSegments.CATALOG, documents);
    List<ContactData> contacts =
        new ArrayList<>(RandomTimedSegments.mixedContacts(seed, CONTACTS, SEGMENTS));
    Instant before = AS_OF.minus(Duration.ofHours(5));
    Instant after = AS_OF.plusMillis(1);
    contacts.add(
        new ContactData(
            null,
            null,
            List.of(
                new Event("x-1", "events-only", "page_visit", before, Map.of()),
                new Event("x-2", "events-only", "page_visit", after, Map.of())),
            List.of()));
    contacts.add(
        new ContactData(
            null,
            null,
            List.of(new Event("x-3", "later-events-only", "page_visit", after, Map.of())),
            List.of()));
    contacts.add(
        new ContactData(
            null,
            null,
            List.of(),
            List.of(
                new ListAction(
                    "x-4",
                    "actions-only",
                    "l0",
                    ListAction.Type.ADD,
                    ListAction.Source.API,
                    before))));
    Lakehouse lakehouse = new Lakehouse(folder.resolve("lakehouse").toUri().toString());
    TestInputs.writeTo(lakehouse, spark, contacts);
    List<Event> redeliveries = redeliveries(contacts);
    assertThat(redeliveries).as("events delivered twice, landed twice").isNotEmpty();
    spark
        .createDataFrame(redeliveries.stream().map(Rows::event).toList(), TableSchemas.EVENTS)
        .write()
        .format("delta")
        .mode("append")
        .save(lakehouse.path(Table.EVENTS));
    new RecomputeJob(spark, lakehouse, line -> {}).run(definitions.set(), AS_OF);

    // Spark would put so few contacts in one partition: one file per partition of the shuffle
    spark.conf().set(COALESCE_PARTITIONS, "false");
    Handover.Result result;
    try {
      result = new Handover(spark, lakehouse).handOver(definitions, null, Progress.NONE);
    } finally {
      spark.conf().unset(COALESCE_PARTITIONS);
    }

    HandoverManifest manifest = result.manifest();
    assertThat(manifest.getFiles()).as("contacts in several files").hasSizeGreaterThan(1);
    Map<String, ContactSnapshot> snapshots = readChecked(result.path(), manifest);
    assertThat(manifest.getRunId()).isEqualTo(RecomputeJob.runId(AS_OF));
    assertThat(manifest.getAsOf()).isEqualTo(AS_OF);
    List<String> expectedIds =
        contacts.stream()
            .filter(c -> c.contact() != null)
            .map(c -> c.contact().contactId())
            .collect(Collectors.toCollection(ArrayList::new));
    expectedIds.addAll(List.of("events-only", "actions-only"));
    assertThat(snapshots.keySet()).containsExactlyInAnyOrderElementsOf(expectedIds);
    assertThat(manifest.getContacts()).isEqualTo(expectedIds.size());

    FeaturePlan plan = FeaturePlan.of(definitions.set());
    assertThat(plan.size()).as("features of the random definitions").isPositive();
    Map<String, List<Membership>> memberships = membershipsByContact(lakehouse, -1);
    assertThat(memberships).as("memberships of the run").isNotEmpty();
    FeatureValues none = EventFeatures.compute(plan, List.of(), AS_OF);
    List<String> wrong = new ArrayList<>();
    int withFeatures = 0;
    for (ContactData data : contacts) {
      String id =
          data.contact() != null
              ? data.contact().contactId()
              : !data.events().isEmpty()
                  ? data.events().get(0).contactId()
                  : data.listActions().get(0).contactId();
      ContactSnapshot snapshot = snapshots.get(id);
      if (snapshot == null) {
        continue; // checked above: only a contact without a profile nor anything as of the run
      }
      check(wrong, id, "as_of", AS_OF, snapshot.getAsOf());
      check(
          wrong,
          id,
          "contact",
          data.contact() == null ? null : AvroRecords.toAvro(data.contact()),
          snapshot.getContact());
      check(
          wrong,
          id,
          "company",
          data.company() == null ? null : AvroRecords.toAvro(data.company()),
          snapshot.getCompany());
      check(
          wrong, id, "list_actions", latestPerList(data.listActions()), snapshot.getListActions());
      check(
          wrong,
          id,
          "memberships",
          memberships.getOrDefault(id, List.of()),
          snapshot.getMemberships());
      FeatureState state = FeatureState.fromBytes(bytes(snapshot.getFeatureState()));
      List<Event> upToTheRun =
          data.events().stream().filter(e -> !e.occurredAt().isAfter(AS_OF)).toList();
      // the state answers as of the run, and later (the stream asks it later), as the raw events do
      for (Instant time : List.of(AS_OF, AS_OF.plus(Duration.ofDays(3)).plusMillis(1))) {
        FeatureValues expected = EventFeatures.compute(plan, upToTheRun, time);
        FeatureValues actual = state.valuesAt(plan, time);
        if (!sameValues(plan, expected, actual)) {
          wrong.add(id + ": features as of " + time + ": " + actual + ", expected " + expected);
        }
      }
      withFeatures +=
          sameValues(plan, none, EventFeatures.compute(plan, upToTheRun, AS_OF)) ? 0 : 1;
    }
    assertThat(wrong).isEmpty();
    assertThat(withFeatures)
        .as("contacts whose features as of the run are not those of no events")
        .isGreaterThan(CONTACTS / 4);
  }

  @Test
  void anEarlierRunIsHandedOverWithItsOwnMembershipsAndReplacesItsFolder() throws IOException {
    ShippedDefinitions definitions = smallDefinitions("FR");
    Lakehouse small = small();
    Handover handover = new Handover(spark, small);

    Handover.Result first =
        handover.handOver(definitions, RecomputeJob.runId(DAY_1), Progress.NONE);
    Path stray = Path.of(URI.create(first.path())).resolve("part-99999.avro");
    Files.writeString(stray, "left by someone");
    Handover.Result again =
        handover.handOver(definitions, RecomputeJob.runId(DAY_1), Progress.NONE);

    assertThat(stray).doesNotExist();
    assertThat(again.path()).isEqualTo(first.path());
    try (Stream<Path> handovers = Files.list(Path.of(URI.create(first.path())).getParent())) {
      assertThat(handovers.map(p -> p.getFileName().toString()))
          .as("no temporary or old folders left")
          .noneMatch(name -> name.startsWith("_"));
    }
    HandoverManifest manifest = again.manifest();
    Map<String, ContactSnapshot> snapshots = readChecked(again.path(), manifest);
    assertThat(manifest.getAsOf()).isEqualTo(DAY_1);
    assertThat(manifest.getMembershipsVersion()).isEqualTo(versionAfter(small, DAY_1));
    assertThat(segmentsByContact(snapshots))
        .as("memberships of day 1, which day 2 changed")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a", "fr", "b", "active", "c", "fr vip", "d", ""));
    assertThat(snapshots.get("a").getMemberships())
        .containsExactlyElementsOf(
            membershipsByContact(small, versionAfter(small, DAY_1)).get("a"));
    assertThat(snapshots.get("a").getListActions()).as("a's exclude came after day 1").isEmpty();
  }

  @Test
  void theCommandHandsOverTheLatestRunAndRefusesOtherDefinitionsNamingTheSegment()
      throws IOException {
    Lakehouse small = small();
    String runId = RecomputeJob.runId(DAY_2);
    Path handover = Path.of(URI.create(small.handover(runId)));

    BatchCommandLine.Result ok = command(write(smallDefinitions("FR"), folder.resolve("fr")));

    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out())
        .startsWith(
            "Handed over "
                + runId
                + " (as of 2026-11-21T00:00:00Z) to "
                + small.handover(runId)
                + " in ")
        .contains(" s: 4 contacts in ")
        .contains("Manifest: " + small.handover(runId) + "/_manifest.json");
    HandoverManifest written = Handover.readManifest(new Configuration(), small.handover(runId));
    Map<String, ContactSnapshot> snapshots = readChecked(small.handover(runId), written);
    assertThat(segmentsByContact(snapshots))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "", "b", "", "c", "fr vip", "d", "fr"));
    assertThat(snapshots.get("a").getListActions())
        .singleElement()
        .satisfies(a -> assertThat(a.getListId() + " " + a.getAction()).isEqualTo("fr EXCLUDE"));
    byte[] manifest = Files.readAllBytes(handover.resolve(Handover.MANIFEST));

    Path changed = write(smallDefinitions("DE"), folder.resolve("de"));
    BatchCommandLine.Result refused = command(changed);

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .startsWith(
            "handover: the definitions in "
                + changed
                + " are not those run "
                + runId
                + " used, so the hand-over would not carry the run's features: segment 'fr' is"
                + " not the definition the run used. Pass the definitions");
    assertThat(handover.resolve(Handover.MANIFEST)).hasBinaryContent(manifest);
  }

  /** Runs {@code handover} as a user would. */
  private BatchCommandLine.Result command(Path definitions) {
    return BatchCommandLine.run(
        "handover", "--lakehouse=" + small().root(), "--definitions=" + definitions);
  }

  private static Path write(ShippedDefinitions definitions, Path folder) throws IOException {
    Files.createDirectories(folder);
    for (Map.Entry<String, String> document : definitions.documents().entrySet()) {
      Files.writeString(folder.resolve(document.getKey()), document.getValue());
    }
    return folder;
  }

  // ---- the small lakehouse of RecomputeJobITCase: contacts a (FR), b (DE), c (FR, unsubscribed)

  private static ShippedDefinitions smallDefinitions(String frCountry) {
    return new ShippedDefinitions(
        "small definitions",
        Catalog.standard(),
        Map.of(
            "fr.json",
            ConformanceCases.dynamic(
                "fr", "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"" + frCountry + "\"}"),
            "active.json",
            ConformanceCases.dynamic(
                "active", "{\"event\":\"page_visit\",\"window\":{\"last\":1,\"unit\":\"days\"}}"),
            "vip.json",
            "{\"id\":\"vip\",\"name\":\"VIP\",\"kind\":\"static\"}"));
  }

  /**
   * Day 1: a and c in fr, b active, c in vip. Before day 2 a is excluded from fr and d (FR) comes:
   * day 2 has c in fr and vip, d in fr.
   */
  @BeforeAll
  static void smallLakehouse(@TempDir Path shared) {
    smallRoot = shared;
  }

  /** The small lakehouse, written by the first test that needs it. */
  private static synchronized Lakehouse small() {
    if (small != null) {
      return small;
    }
    small = new Lakehouse(smallRoot.toUri().toString());
    Instant visit = Instant.parse("2026-11-19T12:00:00Z");
    List<ContactData> contacts =
        List.of(
            new ContactData(
                Contact.builder("a").country("FR").email("a@x.io").build(),
                null,
                List.of(),
                List.of()),
            new ContactData(
                Contact.builder("b").country("DE").build(),
                null,
                List.of(new Event("e1", "b", "page_visit", visit, Map.of())),
                List.of()),
            new ContactData(
                Contact.builder("c").country("FR").unsubscribed(true).build(),
                null,
                List.of(),
                List.of(
                    new ListAction(
                        "x1",
                        "c",
                        "vip",
                        ListAction.Type.ADD,
                        ListAction.Source.MANUAL,
                        Instant.parse("2026-11-01T00:00:00Z")))));
    SparkSession spark = SparkTestSession.get();
    TestInputs.writeTo(small, spark, contacts);
    RecomputeJob job = new RecomputeJob(spark, small, line -> {});
    DefinitionSet set = smallDefinitions("FR").set();
    job.run(set, DAY_1);
    append(
        Table.LIST_ACTIONS,
        TableSchemas.LIST_ACTIONS,
        Rows.listAction(
            new ListAction(
                "x2",
                "a",
                "fr",
                ListAction.Type.EXCLUDE,
                ListAction.Source.MANUAL,
                DAY_1.plus(Duration.ofHours(8)))));
    append(
        Table.CONTACTS,
        TableSchemas.CONTACTS,
        Rows.contact(Contact.builder("d").country("FR").build()));
    job.run(set, DAY_2);
    return small;
  }

  private static void append(Table table, StructType schema, Row row) {
    SparkTestSession.get()
        .createDataFrame(List.of(row), schema)
        .write()
        .format("delta")
        .mode("append")
        .save(small.path(table));
  }

  // ---- reading and checking a hand-over

  /**
   * The snapshots by contact id, after checking the folder against its manifest: exactly the files
   * it lists (hidden files aside), each with its records and SHA-256, one snapshot per contact.
   */
  private static Map<String, ContactSnapshot> readChecked(String path, HandoverManifest manifest)
      throws IOException {
    Path handover = Path.of(URI.create(path));
    assertThat(Handover.readManifest(new Configuration(), path)).isEqualTo(manifest);
    List<String> dataFiles;
    try (Stream<Path> files = Files.list(handover)) {
      dataFiles =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("_") && !n.startsWith("."))
              .sorted()
              .toList();
    }
    assertThat(dataFiles)
        .containsExactlyElementsOf(
            manifest.getFiles().stream().map(HandoverFile::getPath).sorted().toList());
    Map<String, ContactSnapshot> snapshots = new HashMap<>();
    long records = 0;
    for (HandoverFile file : manifest.getFiles()) {
      Path data = handover.resolve(file.getPath());
      assertThat(sha256(data)).as(file.getPath()).isEqualTo(file.getSha256());
      long inFile = 0;
      try (DataFileReader<ContactSnapshot> reader =
          new DataFileReader<>(data.toFile(), new SpecificDatumReader<>(ContactSnapshot.class))) {
        for (ContactSnapshot snapshot : reader) {
          assertThat(snapshots.put(snapshot.getContactId(), snapshot))
              .as("a second snapshot of %s", snapshot.getContactId())
              .isNull();
          inFile++;
        }
      }
      assertThat(inFile).as(file.getPath()).isEqualTo(file.getRecords());
      records += inFile;
    }
    assertThat(manifest.getContacts()).isEqualTo(records);
    return snapshots;
  }

  /** Per contact, the segments of its snapshot's memberships, space-separated. */
  private static Map<String, String> segmentsByContact(Map<String, ContactSnapshot> snapshots) {
    Map<String, String> segments = new TreeMap<>();
    snapshots.forEach(
        (id, s) ->
            segments.put(
                id,
                s.getMemberships().stream()
                    .map(Membership::getSegmentId)
                    .collect(Collectors.joining(" "))));
    return segments;
  }

  /** The memberships table's rows by contact, sorted by segment: at a version, or the latest. */
  private Map<String, List<Membership>> membershipsByContact(Lakehouse lakehouse, long version) {
    var reader = spark.read().format("delta");
    if (version >= 0) {
      reader = reader.option("versionAsOf", version);
    }
    Map<String, List<Membership>> byContact = new HashMap<>();
    for (Row row :
        reader.load(lakehouse.path(Table.MEMBERSHIPS)).orderBy("segment_id").collectAsList()) {
      byContact
          .computeIfAbsent(row.getString(1), k -> new ArrayList<>())
          .add(
              Membership.newBuilder()
                  .setSegmentId(row.getString(0))
                  .setContactId(row.getString(1))
                  .setEnteredAt(row.getTimestamp(2).toInstant())
                  .setReason(MembershipReason.valueOf(row.getString(3)))
                  .setIdentified(row.getBoolean(4))
                  .setContactable(row.getBoolean(5))
                  .build());
    }
    return byContact;
  }

  private long versionAfter(Lakehouse lakehouse, Instant asOf) {
    return spark
        .read()
        .format("delta")
        .load(lakehouse.path(Table.RUNS))
        .where(col("run_id").equalTo(RecomputeJob.runId(asOf)))
        .head()
        .getAs("memberships_version_after");
  }

  /**
   * The latest action per list as of the run, by the core's order (and the greater id of two it
   * cannot tell apart), sorted by list.
   */
  private static List<io.segmentflow.schemas.ListAction> latestPerList(List<ListAction> actions) {
    Comparator<ListAction> order =
        Overrides.LATEST_LAST.thenComparing(ListAction::actionId, Comparator.naturalOrder());
    Map<String, ListAction> latest = new TreeMap<>();
    actions.stream()
        .filter(a -> !a.occurredAt().isAfter(AS_OF))
        .forEach(a -> latest.merge(a.listId(), a, (x, y) -> order.compare(x, y) >= 0 ? x : y));
    return latest.values().stream().map(AvroRecords::toAvro).toList();
  }

  /** The records that the core's deduplication drops: redeliveries of an event id. */
  private static List<Event> redeliveries(List<ContactData> contacts) {
    List<Event> dropped = new ArrayList<>();
    for (ContactData data : contacts) {
      Set<Event> kept = Collections.newSetFromMap(new IdentityHashMap<>());
      kept.addAll(EventFeatures.distinct(data.events()));
      data.events().stream().filter(e -> !kept.contains(e)).forEach(dropped::add);
    }
    return dropped;
  }

  /** Equal values, numbers by value (a sum read back from a table may have another scale). */
  private static boolean sameValues(
      FeaturePlan plan, FeatureValues expected, FeatureValues actual) {
    for (int i = 0; i < plan.size(); i++) {
      Object e = expected.get(i);
      Object a = actual.get(i);
      boolean same =
          e instanceof BigDecimal x && a instanceof BigDecimal y
              ? x.compareTo(y) == 0
              : Objects.equals(e, a);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  private static void check(
      List<String> wrong, String id, String field, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      wrong.add(id + ": " + field + " is " + actual + ", expected " + expected);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = ManifestedFolders.newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }
}
