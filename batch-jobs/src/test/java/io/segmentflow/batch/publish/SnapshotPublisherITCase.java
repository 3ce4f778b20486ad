package io.segmentflow.batch.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.TestLakehouse;
import io.segmentflow.schemas.DefinitionVersion;
import io.segmentflow.schemas.Membership;
import io.segmentflow.schemas.MembershipReason;
import io.segmentflow.schemas.OutputFile;
import io.segmentflow.schemas.RunKind;
import io.segmentflow.schemas.RunManifest;
import io.segmentflow.schemas.SegmentOutput;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotPublisherITCase {

  @TempDir Path directory;

  private final SparkSession spark = SparkTestSession.get();
  private final TestLakehouse data = TestLakehouse.get();
  private final SnapshotPublisher publisher = new SnapshotPublisher(spark, data.lakehouse());
  private DefinitionSet definitions;

  @BeforeEach
  void loadDefinitions() throws IOException {
    definitions = DefinitionSet.load(TestLakehouse.writeDefinitions(directory.resolve("defs")));
  }

  @Test
  void theManifestCountsWhatTheFilesHoldAndMatchesTheMembershipsTable() throws Exception {
    SnapshotPublisher.Published published =
        publisher.publish(
            "parquet-run",
            TestLakehouse.AS_OF,
            definitions,
            SnapshotPublisher.Format.PARQUET,
            Progress.NONE);

    Path folder = snapshots().resolve("parquet-run");
    assertThat(published.path()).isEqualTo(data.lakehouse().snapshot("parquet-run"));
    RunManifest manifest = readManifest("parquet-run");
    assertThat(manifest).isEqualTo(published.manifest());
    assertThat(manifest.getRunId()).isEqualTo("parquet-run");
    assertThat(manifest.getKind()).isEqualTo(RunKind.SNAPSHOT);
    assertThat(manifest.getAsOf()).isEqualTo(TestLakehouse.AS_OF);
    assertThat(manifest.getStartedAt()).isBeforeOrEqualTo(manifest.getFinishedAt());
    assertThat(manifest.getDefinitions())
        .containsExactlyElementsOf(
            TestLakehouse.SEGMENTS.stream()
                .map(id -> new DefinitionVersion(id, definitions.sha256(id)))
                .toList());
    assertThat(manifest.getSegments())
        .extracting(SegmentOutput::getSegmentId)
        .containsExactlyElementsOf(TestLakehouse.SEGMENTS);

    Map<String, Boolean> unsubscribed = new HashMap<>();
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      for (SegmentOutput segment : manifest.getSegments()) {
        String id = segment.getSegmentId();
        List<TestLakehouse.Member> expected =
            data.members().stream().filter(m -> m.segmentId().equals(id)).toList();
        assertThat(segment.getTotal()).as(id).isEqualTo(expected.size());
        assertThat(segment.getIdentified())
            .as(id)
            .isEqualTo(expected.stream().filter(TestLakehouse.Member::identified).count());
        assertThat(segment.getIdentified() + segment.getAnonymous()).isEqualTo(segment.getTotal());
        assertThat(segment.getFiles().stream().mapToLong(OutputFile::getRows).sum())
            .isEqualTo(segment.getTotal());
        for (OutputFile file : segment.getFiles()) {
          Path path = folder.resolve(file.getPath());
          assertThat(file.getPath()).startsWith("segment=" + id + "/").endsWith(".parquet");
          assertThat(file.getSha256()).isEqualTo(sha256(path));
          // Read as a sender would, without Spark.
          List<String> contacts = new ArrayList<>();
          try (PreparedStatement query =
              duckdb.prepareStatement(
                  "SELECT segment_id, contact_id, contactable, epoch_ms(entered_at)"
                      + " FROM read_parquet(?, hive_partitioning = false)")) {
            query.setString(1, path.toString());
            try (ResultSet result = query.executeQuery()) {
              while (result.next()) {
                String contact = result.getString(2);
                contacts.add(contact);
                assertThat(result.getString(1)).isEqualTo(id);
                unsubscribed.put(contact, data.contact(contact).unsubscribed());
                assertThat(result.getBoolean(3))
                    .as(contact)
                    .isEqualTo(!data.contact(contact).unsubscribed());
                assertThat(result.getLong(4))
                    .isEqualTo(member(expected, contact).enteredAt().toEpochMilli());
              }
            }
          }
          assertThat(contacts).hasSize((int) file.getRows()).isSorted();
        }
      }
      try (ResultSet described =
          duckdb
              .createStatement()
              .executeQuery(
                  "DESCRIBE SELECT * FROM read_parquet('"
                      + folder.resolve(manifest.getSegments().get(3).getFiles().get(0).getPath())
                      + "', hive_partitioning = false)")) {
        List<String> names = new ArrayList<>();
        while (described.next()) {
          names.add(described.getString(1));
        }
        assertThat(names)
            .containsExactly(
                "segment_id", "contact_id", "entered_at", "reason", "contactable", "identified");
      }
    }
    assertThat(manifest.getSegments().get(0).getFiles()).isEmpty(); // dormant: no members
    assertThat(unsubscribed).containsEntry("c-late-optout", true).containsValue(false);
    assertThat(leftovers()).isEmpty();
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .containsExactlyInAnyOrder(
              "manifest.json", "segment=imported", "segment=newsletter", "segment=vip");
    }
  }

  @Test
  void republishingARunReplacesItsSnapshotAsAWhole() throws Exception {
    SnapshotPublisher.Published first =
        publisher.publish(
            "again",
            TestLakehouse.AS_OF,
            definitions,
            SnapshotPublisher.Format.PARQUET,
            Progress.NONE);
    Path crashed = snapshots().resolve("_tmp-again-123e4567-e89b-12d3-a456-426614174000");
    Files.createDirectories(crashed.resolve("segment=vip"));

    SnapshotPublisher.Published second =
        publisher.publish(
            "again",
            TestLakehouse.AS_OF,
            definitions,
            SnapshotPublisher.Format.PARQUET,
            Progress.NONE);

    RunManifest manifest = readManifest("again");
    assertThat(manifest).isEqualTo(second.manifest());
    assertThat(manifest.getStartedAt()).isAfterOrEqualTo(first.manifest().getFinishedAt());
    assertThat(totals(manifest)).isEqualTo(totals(first.manifest()));
    List<String> before = paths(first.manifest());
    List<String> after = paths(manifest);
    assertThat(after).doesNotContainAnyElementsOf(before);
    for (String path : before) {
      assertThat(snapshots().resolve("again").resolve(path)).doesNotExist();
    }
    for (String path : after) {
      assertThat(snapshots().resolve("again").resolve(path)).isRegularFile();
    }
    try (Stream<Path> folders = Files.list(snapshots())) {
      assertThat(folders.map(p -> p.getFileName().toString()).filter(n -> n.contains("again")))
          .containsExactly("again");
    }
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void avroFilesHoldMembershipRecordsTheGeneratedClassReads() throws Exception {
    publisher.publish(
        "avro-run", TestLakehouse.AS_OF, definitions, SnapshotPublisher.Format.AVRO, Progress.NONE);

    RunManifest manifest = readManifest("avro-run");
    SegmentOutput vip = manifest.getSegments().get(3);
    assertThat(vip.getSegmentId()).isEqualTo("vip");
    List<Membership> records = new ArrayList<>();
    for (OutputFile file : vip.getFiles()) {
      assertThat(file.getPath()).endsWith(".avro");
      Path path = snapshots().resolve("avro-run").resolve(file.getPath());
      assertThat(file.getSha256()).isEqualTo(sha256(path));
      try (DataFileReader<Membership> reader =
          new DataFileReader<>(path.toFile(), new SpecificDatumReader<>(Membership.class))) {
        long before = records.size();
        reader.forEach(records::add);
        assertThat(records.size() - before).isEqualTo(file.getRows());
      }
    }
    List<Membership> expected =
        data.members().stream()
            .filter(m -> m.segmentId().equals("vip"))
            .sorted((a, b) -> a.contactId().compareTo(b.contactId()))
            .map(
                m ->
                    new Membership(
                        m.segmentId(),
                        m.contactId(),
                        m.enteredAt(),
                        MembershipReason.valueOf(m.reason()),
                        !data.contact(m.contactId()).unsubscribed(),
                        m.identified()))
            .toList();
    assertThat(records).containsExactlyElementsOf(expected);
  }

  @Test
  void aRunIdMustNameAFolder() {
    assertThatThrownBy(
            () ->
                publisher.publish(
                    "scheduled__2026-11-22T00:00:00+00:00",
                    TestLakehouse.AS_OF,
                    definitions,
                    SnapshotPublisher.Format.PARQUET,
                    Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "run id 'scheduled__2026-11-22T00:00:00+00:00' cannot name a snapshot folder: use 1 to"
                + " 128 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g."
                + " 2026-11-22 or nightly-2026-11-22)");
  }

  private static TestLakehouse.Member member(List<TestLakehouse.Member> members, String contact) {
    return members.stream().filter(m -> m.contactId().equals(contact)).findFirst().orElseThrow();
  }

  private Path snapshots() {
    return data.root().resolve("snapshots");
  }

  private RunManifest readManifest(String runId) throws IOException {
    return SnapshotPublisher.readManifest(
        spark.sparkContext().hadoopConfiguration(), data.lakehouse().snapshot(runId));
  }

  private List<String> leftovers() throws IOException {
    try (Stream<Path> folders = Files.list(snapshots())) {
      return folders.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_")).toList();
    }
  }

  private static Map<String, Long> totals(RunManifest manifest) {
    Map<String, Long> totals = new HashMap<>();
    manifest.getSegments().forEach(s -> totals.put(s.getSegmentId(), s.getTotal()));
    return totals;
  }

  private static List<String> paths(RunManifest manifest) {
    return manifest.getSegments().stream()
        .flatMap(s -> s.getFiles().stream())
        .map(OutputFile::getPath)
        .toList();
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
