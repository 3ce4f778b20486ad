package io.segmentflow.streaming.demo;

import io.segmentflow.schemas.ChangeType;
import io.segmentflow.schemas.ContactSnapshot;
import io.segmentflow.schemas.Membership;
import io.segmentflow.schemas.MembershipChange;
import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import io.segmentflow.streaming.JobEnvironment;
import io.segmentflow.streaming.StreamingConfig;
import io.segmentflow.streaming.StreamingJob;
import io.segmentflow.streaming.evaluate.SegmentEvaluator;
import io.segmentflow.streaming.input.WireFormat;
import io.segmentflow.streaming.kafka.DefinitionsTopic;
import io.segmentflow.streaming.kafka.EmbeddedKafka;
import io.segmentflow.streaming.kafka.KafkaClients;
import io.segmentflow.streaming.kafka.Topics;
import io.segmentflow.streaming.output.MembershipFeed;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The streaming half of the end-to-end demo: the job started from a nightly run's hand-over on a
 * Kafka broker in this JVM (or a given one) and a local Flink mini-cluster, fed a few minutes of
 * live events of the lakehouse's own contacts, with entries and exits printed as senders see them
 * (read_committed) and, at the end, the members per segment next to the batch run's.
 *
 * <p>Time: the hand-over holds every contact's state as of the run's as-of, and the job reads Kafka
 * from that time on. The events sent are the sample generator's events of the same contacts (same
 * seed and count as the demo's {@code generate} step, so ids match), restamped with the current
 * time, which is after the as-of when that is today's midnight; event time follows the wall clock.
 * Should the as-of lie ahead of this machine's clock, events are stamped from the as-of on instead,
 * and the job follows their time only.
 */
public final class StreamDemo {

  /**
   * What to run.
   *
   * @param handover a hand-over folder, or null for the latest under {@code lakehouse/handover}
   * @param contacts contacts of the sample generator, or null for the hand-over's count
   * @param bootstrapServers an external Kafka, or null for a broker in this JVM
   * @param printFirst changes printed one per line before the per-interval summaries take over
   */
  public record Options(
      Path lakehouse,
      Path definitions,
      Path handover,
      Duration duration,
      int eventsPerSecond,
      long seed,
      Integer contacts,
      double eventsPerContact,
      String bootstrapServers,
      String topicPrefix,
      Duration checkpointInterval,
      int printFirst,
      Duration summaryEvery) {}

  /**
   * What happened, for tests: counts per segment, every change seen by the read_committed follower
   * in commit order, and when each contact was first sent an input.
   */
  public record Result(
      String runId,
      Instant asOf,
      Map<String, Long> batchMembers,
      Map<String, Long> entered,
      Map<String, Long> exited,
      Map<String, Long> currentMembers,
      List<MembershipChange> changes,
      Map<String, Instant> firstInput,
      long eventsSent,
      long profileUpdates,
      long listActions,
      long deadLetters,
      String jobEnd) {}

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int CANDIDATES = 5000;
  private static final String ENGAGED = "engaged-subscribers";
  private static final Set<String> LAPSED = Set.of("engagement-disengaged", "engagement-inactive");
  private static final int WATCHED_LINES = 60;

  private final Options options;
  private final PrintStream out;

  // Written by the follower thread, read by the main one.
  private final List<MembershipChange> changes = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, long[]> window = new TreeMap<>();
  private final Map<String, Long> entered = new TreeMap<>();
  private final Map<String, Long> exited = new TreeMap<>();
  private final Set<String> watched = Collections.synchronizedSet(new HashSet<>());
  private int printed;
  private int watchedPrinted;
  private long lastChangeNanos = System.nanoTime();

  public StreamDemo(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Result run() throws Exception {
    HandoverFolder handover =
        options.handover() != null
            ? HandoverFolder.at(options.handover())
            : HandoverFolder.latest(options.lakehouse());
    Instant asOf = handover.manifest().getAsOf();
    DefinitionSet definitions = DefinitionSet.load(options.definitions());
    checkDefinitions(handover, definitions);
    out.printf(
        "Starting from the hand-over of %s (as of %s, %,d contacts): %s%n",
        handover.runId(), asOf, handover.manifest().getContacts(), handover.path());

    Path checkpoints = options.lakehouse().resolve("stream-checkpoints").toAbsolutePath();
    if (Files.exists(checkpoints)) {
      // An earlier demo's: its broker is gone, so they cannot be restored.
      deleteRecursively(checkpoints);
    }
    Files.createDirectories(checkpoints);

    if (options.bootstrapServers() != null) {
      return run(options.bootstrapServers(), false, handover, definitions, checkpoints);
    }
    long started = System.nanoTime();
    try (EmbeddedKafka kafka = quietly(EmbeddedKafka::start)) {
      out.printf(
          "In-process Kafka broker (KRaft) at %s, started in %.1f s%n",
          kafka.bootstrapServers(), (System.nanoTime() - started) / 1e9);
      return run(kafka.bootstrapServers(), true, handover, definitions, checkpoints);
    }
  }

  private Result run(
      String servers,
      boolean inProcess,
      HandoverFolder handover,
      DefinitionSet definitions,
      Path checkpoints)
      throws Exception {
    Topics topics = new Topics(options.topicPrefix());
    EmbeddedKafka.createTopics(servers, topics, 2, (short) 1);
    MembershipFeed feed = new MembershipFeed(servers, topics);
    long earlier =
        feed.committedRecords(topics.changes()) + feed.committedRecords(topics.memberships());
    if (earlier > 0) {
      throw new IllegalStateException(
          "the topics "
              + topics.prefix()
              + "* already hold "
              + earlier
              + " outputs of an earlier job: pass another --topic-prefix");
    }
    List<String> published = DefinitionsTopic.publish(servers, topics, options.definitions());
    out.printf(
        "Published %d segment definitions from %s to %s%n",
        published.size(), options.definitions(), topics.definitions());

    Instant asOf = handover.manifest().getAsOf();
    Snapshots snapshots = readSnapshots(handover, definitions);
    out.printf(
        "Seeded %s with the batch run's %,d memberships (the job publishes only the differences"
            + " from them)%n",
        topics.memberships(), snapshots.memberships);

    // Event time follows the wall clock, unless the as-of lies ahead of it.
    long shift = Math.max(0, asOf.toEpochMilli() + 1000 - System.currentTimeMillis());
    if (shift > 0) {
      out.printf(
          "The hand-over's as-of is %s ahead of this machine's clock: events are stamped from it"
              + " on, and the job follows their time only%n",
          Duration.ofMillis(shift));
    }
    StreamingConfig config =
        new StreamingConfig(
            servers,
            topics,
            definitions.catalog(),
            DefinitionsTopic.read(servers, topics),
            SegmentEvaluator.Settings.DEFAULT,
            Duration.ofSeconds(5),
            shift > 0 ? null : Duration.ofMinutes(1),
            asOf,
            handover.path().toAbsolutePath().toUri().toString(),
            "stream:segmentflow-demo");
    StreamExecutionEnvironment env =
        JobEnvironment.create(
            JobEnvironment.configuration(
                checkpoints.toUri().toString(), options.checkpointInterval(), Map.of()));
    env.setParallelism(2);
    StreamingJob.build(env, config);

    AtomicBoolean following = new AtomicBoolean(true);
    Thread follower =
        new Thread(
            () -> feed.followFromBeginning(() -> !following.get(), this::onChange),
            "demo-change-follower");
    follower.setDaemon(true);
    follower.start();

    long jobStart = System.nanoTime();
    JobClient job = env.executeAsync("segmentflow-stream-demo");
    out.printf(
        "Streaming job %s submitted to a local Flink mini-cluster (checkpoints every %s in %s)%n",
        job.getJobID(), options.checkpointInterval().toString().substring(2), checkpoints);
    out.printf(
        "It reads the hand-over's snapshots, then Kafka from %s. Sending %,d events/s for %s"
            + " (with a few profile updates and list actions) ...%n%n",
        asOf, options.eventsPerSecond(), options.duration().toString().substring(2));

    Traffic traffic;
    String jobEnd;
    try {
      traffic = send(servers, topics, definitions, snapshots, asOf, shift, job);
      awaitQuiet();
      jobEnd = stop(job, checkpoints);
    } catch (Exception e) {
      job.cancel().get(30, TimeUnit.SECONDS);
      throw e;
    } finally {
      following.set(false);
      follower.join(TimeUnit.SECONDS.toMillis(30));
    }
    double seconds = (System.nanoTime() - jobStart) / 1e9;

    Map<String, Long> current = new TreeMap<>();
    feed.currentMembers(null).values().forEach(m -> current.merge(m.getSegmentId(), 1L, Long::sum));
    long deadLetters = feed.committedRecords(topics.deadLetters());
    Result result;
    synchronized (this) {
      result =
          new Result(
              handover.runId(),
              asOf,
              snapshots.counts,
              new TreeMap<>(entered),
              new TreeMap<>(exited),
              current,
              List.copyOf(changes),
              traffic.firstInput,
              traffic.events,
              traffic.profileUpdates,
              traffic.listActions,
              deadLetters,
              jobEnd);
    }
    printSummary(result, definitions, topics, servers, inProcess, checkpoints, seconds, handover);
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // The hand-over

  private static void checkDefinitions(HandoverFolder handover, DefinitionSet definitions) {
    Map<String, String> run = new TreeMap<>(handover.manifest().getDefinitions());
    Map<String, String> given = new TreeMap<>();
    definitions.inEvaluationOrder().forEach(d -> given.put(d.id(), definitions.sha256(d.id())));
    if (!run.equals(given)) {
      Set<String> differing = new TreeSet<>(run.keySet());
      differing.addAll(given.keySet());
      differing.removeIf(id -> java.util.Objects.equals(run.get(id), given.get(id)));
      throw new IllegalArgumentException(
          "the hand-over "
              + handover.runId()
              + " was made with other definitions than these (differing: "
              + String.join(", ", differing)
              + "): its feature states hold the features of the run's definitions");
    }
  }

  /** What the demo keeps of the hand-over: counts, and contacts to act on. */
  private static final class Snapshots {
    final Map<String, Long> counts = new TreeMap<>();
    final List<Candidate> candidates = new ArrayList<>();
    long memberships;
    long contacts;
  }

  /** A contact the demo may update or act on, with its batch memberships. */
  private record Candidate(Contact contact, Set<String> segments) {}

  /** The batch's member counts, and contacts the demo may act on. */
  private Snapshots readSnapshots(HandoverFolder handover, DefinitionSet definitions)
      throws IOException {
    Snapshots snapshots = new Snapshots();
    definitions.inEvaluationOrder().forEach(d -> snapshots.counts.put(d.id(), 0L));
    handover.forEachSnapshot(
        (ContactSnapshot snapshot) -> {
          snapshots.contacts++;
          Set<String> segments = new TreeSet<>();
          for (Membership membership : snapshot.getMemberships()) {
            segments.add(membership.getSegmentId());
            snapshots.counts.merge(membership.getSegmentId(), 1L, Long::sum);
            snapshots.memberships++;
          }
          if (snapshot.getContact() != null && snapshots.candidates.size() < CANDIDATES) {
            snapshots.candidates.add(
                new Candidate(
                    AvroRecords.fromAvro(snapshot.getContact(), definitions.catalog()), segments));
          }
        });
    return snapshots;
  }

  // ---------------------------------------------------------------------------------------------
  // The traffic

  /** Where the live inputs go, what they may act on, and what was sent. */
  private static final class Traffic {
    final KafkaProducer<byte[], byte[]> producer;
    final Topics topics;
    final List<Candidate> candidates;
    final SplittableRandom random;
    final Map<String, Instant> firstInput = new HashMap<>();
    long events;
    long profileUpdates;
    long listActions;

    Traffic(
        KafkaProducer<byte[], byte[]> producer,
        Topics topics,
        List<Candidate> candidates,
        SplittableRandom random) {
      this.producer = producer;
      this.topics = topics;
      this.candidates = candidates;
      this.random = random;
    }
  }

  /** The scripted actions, one every few seconds in this order, so that overrides show. */
  private enum Scripted {
    ADD_TO_LIST,
    EXCLUDE,
    UNSUBSCRIBE,
    INCLUDE,
    TAG_VIP,
    REMOVE_FROM_LIST
  }

  private Traffic send(
      String servers,
      Topics topics,
      DefinitionSet definitions,
      Snapshots snapshots,
      Instant asOf,
      long shift,
      JobClient job)
      throws Exception {
    // The options of the demo's generate step: the same contacts, with the same events.
    int contacts =
        options.contacts() != null ? options.contacts() : (int) Math.max(1, snapshots.contacts);
    SampleDataGenerator generator =
        new SampleDataGenerator(
            new GeneratorOptions(
                options.seed(), contacts, contacts / 20, options.eventsPerContact(), 90, asOf));
    List<String> staticLists =
        definitions.inEvaluationOrder().stream()
            .filter(d -> d.kind() == SegmentDefinition.Kind.STATIC)
            .map(SegmentDefinition::id)
            .toList();
    List<String> dynamic =
        definitions.inEvaluationOrder().stream()
            .filter(d -> d.kind() == SegmentDefinition.Kind.DYNAMIC)
            .map(SegmentDefinition::id)
            .toList();
    SplittableRandom random = new SplittableRandom(options.seed());
    String run = Long.toString(System.currentTimeMillis(), 36);

    long durationNanos = options.duration().toNanos();
    long actionEvery =
        Math.max(
            TimeUnit.SECONDS.toNanos(2), Math.min(TimeUnit.SECONDS.toNanos(8), durationNanos / 8));
    long summaryEvery = options.summaryEvery().toNanos();
    long started = System.nanoTime();
    long nextAction = actionEvery / 2;
    long nextSummary = summaryEvery;
    int scripted = 0;
    Traffic traffic;
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(servers)) {
      traffic = new Traffic(producer, topics, new ArrayList<>(snapshots.candidates), random);
      while (System.nanoTime() - started < durationNanos) {
        long elapsed = System.nanoTime() - started;
        if (job.getJobStatus().get().isGloballyTerminalState()) {
          job.getJobExecutionResult().get(); // throws the job's failure
          throw new IllegalStateException("the streaming job ended by itself");
        }
        long due = (long) (elapsed / 1e9 * options.eventsPerSecond());
        while (traffic.events < due) {
          Event event = liveEvent(generator, contacts, random, run + "-" + traffic.events, shift);
          send(producer, topics.events(), event.contactId(), WireFormat.encode(event), event);
          traffic.firstInput.putIfAbsent(event.contactId(), event.occurredAt());
          traffic.events++;
        }
        if (elapsed >= nextAction) {
          nextAction += actionEvery;
          Scripted kind = Scripted.values()[scripted++ % Scripted.values().length];
          act(kind, staticLists, dynamic, shift, traffic);
        }
        if (elapsed >= nextSummary) {
          nextSummary += summaryEvery;
          printWindow(elapsed, traffic);
        }
        Thread.sleep(5);
      }
    }
    out.printf(
        "%nSent %,d events, %d profile updates and %d list actions in %s; waiting for the last"
            + " checkpoint to commit their changes%n",
        traffic.events,
        traffic.profileUpdates,
        traffic.listActions,
        options.duration().toString().substring(2));
    return traffic;
  }

  /**
   * One of a random contact's own generated events (another contact's when it has none), with a new
   * id and the current time: what the contact does now.
   */
  private static Event liveEvent(
      SampleDataGenerator generator, int contacts, SplittableRandom random, String id, long shift) {
    ContactData contact = generator.contact(random.nextInt(contacts));
    List<Event> history = contact.events();
    for (int tries = 0; history.isEmpty() && tries < 20; tries++) {
      history = generator.contact(random.nextInt(contacts)).events();
    }
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis() + shift);
    if (history.isEmpty()) {
      return new Event("live-" + id, contact.contact().contactId(), "page_visit", now, Map.of());
    }
    Event template = history.get(random.nextInt(history.size()));
    return new Event(
        "live-" + id,
        contact.contact().contactId(),
        template.eventType(),
        now,
        template.properties());
  }

  private void act(
      Scripted kind, List<String> staticLists, List<String> dynamic, long shift, Traffic traffic) {
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis() + shift);
    switch (kind) {
      case ADD_TO_LIST -> listAction(ListAction.Type.ADD, staticLists, now, traffic);
      case REMOVE_FROM_LIST -> listAction(ListAction.Type.REMOVE, staticLists, now, traffic);
      case INCLUDE -> listAction(ListAction.Type.INCLUDE, dynamic, now, traffic);
      case EXCLUDE -> listAction(ListAction.Type.EXCLUDE, dynamic, now, traffic);
      case UNSUBSCRIBE -> {
        // Preferably a member of the examples' segment of reachable contacts, which it leaves.
        Predicate<Candidate> subscribed = c -> !c.contact().unsubscribed();
        Candidate candidate =
            take(
                traffic.candidates,
                traffic.random,
                subscribed.and(c -> c.segments().contains(ENGAGED)));
        if (candidate == null) {
          candidate = take(traffic.candidates, traffic.random, subscribed);
        }
        if (candidate != null) {
          Contact contact = candidate.contact();
          profileUpdate(
              withChanges(contact, true, contact.tags(), now),
              "unsubscribes (contactable: false)",
              traffic);
        }
      }
      case TAG_VIP -> {
        // Preferably no longer engaged, so that the examples' VIPs-to-win-back segment takes it.
        Predicate<Candidate> untagged =
            c -> !c.contact().tags().contains("vip") && !c.contact().unsubscribed();
        Candidate candidate =
            take(
                traffic.candidates,
                traffic.random,
                untagged.and(c -> c.segments().stream().anyMatch(LAPSED::contains)));
        if (candidate == null) {
          candidate = take(traffic.candidates, traffic.random, untagged);
        }
        if (candidate != null) {
          Contact contact = candidate.contact();
          List<String> tags = new ArrayList<>(contact.tags());
          tags.add("vip");
          profileUpdate(
              withChanges(contact, contact.unsubscribed(), tags, now), "is tagged 'vip'", traffic);
        }
      }
    }
  }

  /** A list action on a contact it changes: into a list it is not in, out of one it is in. */
  private void listAction(ListAction.Type type, List<String> lists, Instant now, Traffic traffic) {
    for (String list : shuffled(lists, traffic.random)) {
      Candidate candidate =
          take(
              traffic.candidates,
              traffic.random,
              c -> c.segments().contains(list) != type.putsIn());
      if (candidate != null) {
        listAction(candidate, list, type, now, traffic);
        return;
      }
    }
  }

  private void listAction(
      Candidate candidate, String list, ListAction.Type type, Instant now, Traffic traffic) {
    String contactId = candidate.contact().contactId();
    ListAction action =
        new ListAction(
            "live-a-" + now.toEpochMilli() + "-" + traffic.listActions,
            contactId,
            list,
            type,
            ListAction.Source.MANUAL,
            now);
    watched.add(contactId);
    traffic.producer.send(
        new ProducerRecord<>(
            traffic.topics.listActions(),
            null,
            now.toEpochMilli(),
            bytes(contactId),
            WireFormat.encode(action)));
    traffic.firstInput.putIfAbsent(contactId, now);
    traffic.listActions++;
    out.printf(
        "  %s  >> list action: %s %s %s '%s' (%s)%n",
        CLOCK.format(now),
        type,
        contactId,
        type == ListAction.Type.ADD || type == ListAction.Type.INCLUDE ? "into" : "out of",
        list,
        candidate.segments().contains(list) ? "a member in the batch run" : "not a member");
  }

  private void profileUpdate(Contact contact, String what, Traffic traffic) {
    watched.add(contact.contactId());
    traffic.producer.send(
        new ProducerRecord<>(
            traffic.topics.contacts(),
            null,
            contact.updatedAt().toEpochMilli(),
            bytes(contact.contactId()),
            WireFormat.encode(contact)));
    traffic.firstInput.putIfAbsent(contact.contactId(), contact.updatedAt());
    traffic.profileUpdates++;
    out.printf(
        "  %s  >> profile update: %s %s%n",
        CLOCK.format(contact.updatedAt()), contact.contactId(), what);
  }

  private static Contact withChanges(
      Contact c, boolean unsubscribed, List<String> tags, Instant now) {
    return new Contact(
        c.contactId(),
        c.email(),
        c.phone(),
        c.firstName(),
        c.lastName(),
        c.country(),
        c.language(),
        c.city(),
        c.createdAt(),
        now,
        tags,
        c.companyId(),
        unsubscribed,
        c.marketingConsent(),
        c.customFields());
  }

  private static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
    List<T> copy = new ArrayList<>(items);
    for (int i = copy.size() - 1; i > 0; i--) {
      Collections.swap(copy, i, random.nextInt(i + 1));
    }
    return copy;
  }

  /** Removes and returns a random candidate that passes, or null. */
  private static Candidate take(
      List<Candidate> candidates, SplittableRandom random, Predicate<Candidate> test) {
    List<Integer> passing = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (test.test(candidates.get(i))) {
        passing.add(i);
      }
    }
    if (passing.isEmpty()) {
      return null;
    }
    return candidates.remove((int) passing.get(random.nextInt(passing.size())));
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value, Event event) {
    producer.send(
        new ProducerRecord<>(topic, null, event.occurredAt().toEpochMilli(), bytes(key), value));
  }

  // ---------------------------------------------------------------------------------------------
  // What senders see

  private synchronized void onChange(MembershipChange change) {
    changes.add(change);
    lastChangeNanos = System.nanoTime();
    boolean entry = change.getChange() == ChangeType.ENTERED;
    (entry ? entered : exited).merge(change.getSegmentId(), 1L, Long::sum);
    window.computeIfAbsent(change.getSegmentId(), s -> new long[2])[entry ? 0 : 1]++;
    boolean watch = watched.contains(change.getContactId()) && watchedPrinted < WATCHED_LINES;
    if (printed < options.printFirst() || watch) {
      out.printf(
          "  %s  %s %s %-8s %-32s %s%s%n",
          CLOCK.format(change.getChangedAt()),
          entry ? "+" : "-",
          change.getContactId(),
          entry ? "entered" : "left",
          change.getSegmentId(),
          change.getReason(),
          change.getContactable() ? "" : ", not contactable");
      if (watch) {
        watchedPrinted++;
      } else {
        printed++;
        if (printed == options.printFirst()) {
          out.printf(
              "  ... (from now on a summary every %s, and the changes of the contacts acted"
                  + " on)%n",
              options.summaryEvery().toString().substring(2));
        }
      }
    }
  }

  private synchronized void printWindow(long elapsedNanos, Traffic traffic) {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(elapsedNanos);
    long entries = entered.values().stream().mapToLong(Long::longValue).sum();
    long exits = exited.values().stream().mapToLong(Long::longValue).sum();
    out.printf(
        "  [%d:%02d] sent %,d events, %d profile updates, %d list actions | committed so far:"
            + " %,d entries, %,d exits%n",
        seconds / 60,
        seconds % 60,
        traffic.events,
        traffic.profileUpdates,
        traffic.listActions,
        entries,
        exits);
    if (!window.isEmpty()) {
      String busiest =
          window.entrySet().stream()
              .sorted(
                  Comparator.comparingLong(
                          (Map.Entry<String, long[]> e) -> -(e.getValue()[0] + e.getValue()[1]))
                      .thenComparing(Map.Entry::getKey))
              .limit(5)
              .map(e -> e.getKey() + " +" + e.getValue()[0] + "/-" + e.getValue()[1])
              .collect(Collectors.joining(", "));
      out.printf("          since the last line: %s%n", busiest);
      window.clear();
    }
  }

  /** Waits until no change has been committed for two checkpoint intervals (at most 30 s). */
  private void awaitQuiet() throws InterruptedException {
    long quiet = options.checkpointInterval().multipliedBy(2).plusSeconds(1).toNanos();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Thread.sleep(options.checkpointInterval().toMillis());
    while (System.nanoTime() < until) {
      synchronized (this) {
        if (System.nanoTime() - lastChangeNanos > quiet) {
          return;
        }
      }
      Thread.sleep(200);
    }
  }

  /**
   * Stops the job as {@code flink stop} does: a final savepoint, whose completion commits the last
   * output transactions. Cancels it when that fails.
   */
  private String stop(JobClient job, Path checkpoints) throws Exception {
    try {
      String savepoint =
          job.stopWithSavepoint(
                  false,
                  checkpoints.resolve("savepoints").toUri().toString(),
                  SavepointFormatType.CANONICAL)
              .get(60, TimeUnit.SECONDS);
      return "stopped with a savepoint in " + savepoint;
    } catch (Exception e) {
      out.println("Stopping with a savepoint failed (" + e + "); cancelling the job");
      job.cancel().get(30, TimeUnit.SECONDS);
      return "cancelled";
    }
  }

  private void printSummary(
      Result result,
      DefinitionSet definitions,
      Topics topics,
      String servers,
      boolean inProcess,
      Path checkpoints,
      double seconds,
      HandoverFolder handover) {
    out.printf("%nStreaming job %s after %.0f s.%n", result.jobEnd(), seconds);
    out.printf(
        "%nMembers per segment: the nightly batch run %s (as of %s) and now, after the stream%n",
        result.runId(), result.asOf());
    out.printf(
        "  %-34s %9s %9s %9s %11s%n", "segment", "batch", "entered", "exited", "now (topic)");
    long totalBatch = 0;
    long totalNow = 0;
    List<String> disagreeing = new ArrayList<>();
    for (SegmentDefinition definition : sorted(definitions)) {
      String id = definition.id();
      long batch = result.batchMembers().getOrDefault(id, 0L);
      long in = result.entered().getOrDefault(id, 0L);
      long left = result.exited().getOrDefault(id, 0L);
      long now = result.currentMembers().getOrDefault(id, 0L);
      totalBatch += batch;
      totalNow += now;
      if (batch + in - left != now) {
        disagreeing.add(id);
      }
      out.printf(
          "  %-34s %,9d %9s %9s %,11d%s%n",
          id,
          batch,
          String.format("+%,d", in),
          String.format("-%,d", left),
          now,
          batch + in - left == now
              ? ""
              : "  (batch + entered - exited = " + (batch + in - left) + ")");
    }
    out.printf("  %-34s %,9d %9s %9s %,11d%n", "all memberships", totalBatch, "", "", totalNow);
    if (disagreeing.isEmpty()) {
      out.println(
          "  The two feeds agree: for every segment, batch + entered - exited = the members on the"
              + " membership topic.");
    } else {
      out.println(
          "  For "
              + String.join(", ", disagreeing)
              + " the change topic and the membership topic disagree: changes of a checkpoint that"
              + " was not committed when the job stopped.");
    }
    if (result.deadLetters() > 0) {
      out.printf("  %d records went to %s%n", result.deadLetters(), topics.deadLetters());
    }

    out.printf(
        "%nStreaming outputs (Kafka at %s%s):%n",
        servers, inProcess ? ", in this process: gone when it ends" : "");
    out.printf(
        "  %-34s every entry and exit (%,d committed)%n",
        topics.changes(), result.changes().size());
    out.printf("  %-34s current members, compacted; a tombstone on exit%n", topics.memberships());
    out.printf("  %-34s refused records (%d)%n", topics.deadLetters(), result.deadLetters());
    out.printf("  %-34s the job's checkpoints and final savepoint%n", checkpoints);
    String kafka = inProcess ? "HOST:9092" : servers;
    out.println(
        "Consume them from a running Kafka (read_committed; docs/streaming.md, 'For senders'):");
    out.printf(
        "  bin/segmentflow-stream consume --bootstrap-servers %s%s --segment engaged-subscribers"
            + " --follow PT1M%n",
        kafka, prefixOption(topics));
    out.println("Run the job on a real Kafka, from this hand-over:");
    out.printf(
        "  bin/segmentflow-stream topics --bootstrap-servers %s%s%n", kafka, prefixOption(topics));
    out.printf(
        "  bin/segmentflow-stream publish-definitions --bootstrap-servers %s%s --definitions %s%n",
        kafka, prefixOption(topics), options.definitions());
    out.printf(
        "  bin/segmentflow-stream run --bootstrap-servers %s%s --definitions %s \\%n"
            + "      --handover %s --start-from %s%n",
        kafka, prefixOption(topics), options.definitions(), handover.path(), result.asOf());
    if (inProcess) {
      out.printf(
          "  (or this demo on it, whose topics then stay: bin/segmentflow-stream demo"
              + " --bootstrap-servers %s --topic-prefix demo1. --lakehouse %s --definitions %s)%n",
          kafka, options.lakehouse(), options.definitions());
    }
  }

  private static String prefixOption(Topics topics) {
    return topics.prefix().equals(Topics.DEFAULT.prefix())
        ? ""
        : " --topic-prefix " + topics.prefix();
  }

  private static List<SegmentDefinition> sorted(DefinitionSet definitions) {
    return definitions.inEvaluationOrder().stream()
        .sorted(Comparator.comparing(SegmentDefinition::id))
        .toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Kafka

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /** Starts the broker without the test kit's formatting messages on standard output. */
  private static EmbeddedKafka quietly(Starter starter) throws Exception {
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return starter.start();
    } finally {
      System.setOut(stdout);
    }
  }

  @FunctionalInterface
  private interface Starter {
    EmbeddedKafka start() throws Exception;
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
