package io.segmentflow.batch;

import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A small lakehouse shared by the tests of the lakehouse commands: a contacts table (generated
 * contacts and a few with awkward values) and a memberships table of four segments, written once
 * per test JVM. Tests that write (list actions, snapshots) use their own list and run ids.
 *
 * <p>Segments: {@code vip} (dynamic: the awkward contacts and every fifth generated one), {@code
 * newsletter} (dynamic: every other generated one), {@code imported} (static: every seventh) and
 * {@code dormant} (dynamic, no members). Contact {@code c-late-optout} unsubscribed after the run:
 * its membership still says contactable.
 */
public final class TestLakehouse {

  public static final Instant AS_OF = Instant.parse("2026-11-22T00:00:00Z");
  public static final List<String> SEGMENTS = List.of("dormant", "imported", "newsletter", "vip");

  private static final int GENERATED = 40;
  private static TestLakehouse instance;

  private final Path root;
  private final Map<String, Contact> contacts = new LinkedHashMap<>();
  private final List<Member> members = new ArrayList<>();

  /** A row of the memberships table. */
  public record Member(
      String segmentId,
      String contactId,
      Instant enteredAt,
      String reason,
      boolean identified,
      boolean contactable) {}

  private TestLakehouse(Path root) {
    this.root = root;
  }

  public static synchronized TestLakehouse get() {
    if (instance == null) {
      try {
        Path root = Files.createTempDirectory("segmentflow-lakehouse-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(root)));
        instance = new TestLakehouse(root);
        SparkSession spark = SparkTestSession.get();
        instance.write(spark);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  public Lakehouse lakehouse() {
    return new Lakehouse(root.toString());
  }

  public Path root() {
    return root;
  }

  public Contact contact(String id) {
    return contacts.get(id);
  }

  public List<Member> members() {
    return members;
  }

  /** The ids of a segment's members, sorted. */
  public Set<String> members(String segmentId) {
    Set<String> ids = new TreeSet<>();
    members.stream()
        .filter(m -> m.segmentId().equals(segmentId))
        .forEach(m -> ids.add(m.contactId()));
    return ids;
  }

  /** Writes the definitions of {@link #SEGMENTS} into a folder and returns it. */
  public static Path writeDefinitions(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(
        folder.resolve("vip.json"),
        """
        {"id": "vip", "name": "VIP", "kind": "dynamic",
         "filter": {"field": "country", "op": "eq", "value": "FR"}}
        """);
    Files.writeString(
        folder.resolve("newsletter.json"),
        """
        {"id": "newsletter", "name": "Newsletter", "kind": "dynamic",
         "filter": {"field": "email", "op": "not_empty"}}
        """);
    Files.writeString(
        folder.resolve("imported.json"),
        """
        {"id": "imported", "name": "Imported", "kind": "static"}
        """);
    Files.writeString(
        folder.resolve("dormant.yaml"),
        """
        id: dormant
        name: Dormant
        kind: dynamic
        filter: {field: city, op: eq, value: Atlantis}
        """);
    return folder;
  }

  private void write(SparkSession spark) {
    SampleDataGenerator generator =
        new SampleDataGenerator(new GeneratorOptions(7, GENERATED, 0, 0, 30, AS_OF));
    List<Contact> generated =
        java.util.stream.IntStream.range(0, GENERATED)
            .mapToObj(i -> generator.contact(i).contact())
            .toList();
    List<Contact> awkward =
        List.of(
            Contact.builder("c-awkward-quotes")
                .email("bob@example.com")
                .firstName("Smith, \"Bob\"")
                .lastName("Line one\nLine two")
                .city("Zürich 東京 🎉")
                .tags("vip", "b2b")
                .country("FR")
                .build(),
            Contact.builder("c-anonymous-optout").unsubscribed(true).city("Paris").build(),
            Contact.builder("c-late-optout")
                .phone("+33612345678")
                .firstName("=HYPERLINK(\"http://x\")")
                .unsubscribed(true)
                .build());
    Stream.concat(generated.stream(), awkward.stream())
        .forEach(c -> contacts.put(c.contactId(), c));
    for (int i = 0; i < GENERATED; i++) {
      Contact c = generated.get(i);
      if (i % 5 == 0) {
        members.add(member("vip", c, i, "FILTER"));
      }
      if (i % 2 == 0) {
        members.add(member("newsletter", c, i, i % 4 == 0 ? "MANUAL_INCLUDE" : "FILTER"));
      }
      if (i % 7 == 0) {
        members.add(member("imported", c, i, "LIST"));
      }
    }
    for (int i = 0; i < awkward.size(); i++) {
      members.add(member("vip", awkward.get(i), GENERATED + i, "FILTER"));
    }
    // Unsubscribed after the run: the run still found it contactable.
    members.replaceAll(
        m ->
            m.contactId().equals("c-late-optout")
                ? new Member(
                    m.segmentId(), m.contactId(), m.enteredAt(), m.reason(), m.identified(), true)
                : m);

    Lakehouse lakehouse = lakehouse();
    spark
        .createDataFrame(
            contacts.values().stream().map(Rows::contact).toList(), TableSchemas.CONTACTS)
        .write()
        .format("delta")
        .save(lakehouse.path(Lakehouse.Table.CONTACTS));
    spark
        .createDataFrame(
            members.stream().map(TestLakehouse::row).toList(), TableSchemas.MEMBERSHIPS)
        .write()
        .format("delta")
        .option("delta.enableChangeDataFeed", "true")
        .save(lakehouse.path(Lakehouse.Table.MEMBERSHIPS));
  }

  private static Member member(String segmentId, Contact c, int i, String reason) {
    boolean identified = !blank(c.email()) || !blank(c.phone());
    return new Member(
        segmentId,
        c.contactId(),
        AS_OF.minus(Duration.ofHours(i)).minusMillis(i),
        reason,
        identified,
        !c.unsubscribed());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }

  private static Row row(Member m) {
    return RowFactory.create(
        m.segmentId(),
        m.contactId(),
        Timestamp.from(m.enteredAt()),
        m.reason(),
        m.identified(),
        m.contactable());
  }
}
