package io.segmentflow.streaming.benchmark;

import io.segmentflow.schemas.MembershipChange;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.generate.BenchmarkSegments;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.streaming.JobEnvironment;
import io.segmentflow.streaming.StreamingConfig;
import io.segmentflow.streaming.StreamingJob;
import io.segmentflow.streaming.evaluate.SegmentEvaluator;
import io.segmentflow.streaming.input.WireFormat;
import io.segmentflow.streaming.kafka.DefinitionsTopic;
import io.segmentflow.streaming.kafka.EmbeddedKafka;
import io.segmentflow.streaming.kafka.KafkaClients;
import io.segmentflow.streaming.kafka.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures the streaming job on a Kafka broker (in-process unless given) and a local Flink
 * mini-cluster, with the sample generator's contacts and events and {@link BenchmarkSegments}:
 *
 * <ol>
 *   <li>throughput: the contacts and their event history are written to the input topics first,
 *       then the job consumes them; sustained events per second is the input consumed between the
 *       first and the last committed source offsets, divided by the time between them;
 *   <li>latency: events are sent at a fixed rate with the current time; for each entry or exit an
 *       event caused, the time from the event's time to its arrival at a consumer of the change
 *       topic, both read_uncommitted (processing) and read_committed (what senders see, which waits
 *       for the checkpoint that commits it).
 * </ol>
 */
public final class StreamBenchmark {

  /** What to run. */
  public record Options(
      String bootstrapServers,
      int contacts,
      int segments,
      double eventsPerContact,
      int latencyRate,
      Duration latencyDuration,
      int partitions,
      int parallelism,
      Duration checkpointInterval,
      Map<String, String> flinkSettings,
      long stateCacheBytes,
      Path checkpoints,
      long seed) {}

  /** The figures, in the order they are printed. */
  public record Result(
      long inputRecords,
      long events,
      double producedPerSecond,
      double throughputSeconds,
      double eventsPerSecond,
      double secondHalfRecordsPerSecond,
      Latencies processing,
      Latencies committed,
      long latencyEventsSent,
      double latencyRateAchieved) {}

  /** Latency percentiles in milliseconds over the changes measured. */
  public record Latencies(int samples, long p50, long p99, long max) {
    static Latencies of(List<Long> values) {
      List<Long> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      if (sorted.isEmpty()) {
        return new Latencies(0, -1, -1, -1);
      }
      return new Latencies(
          sorted.size(),
          sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))),
          sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))),
          sorted.get(sorted.size() - 1));
    }
  }

  /** How long the input may see no committed progress before the run is called stalled. */
  private static final int STALL_SECONDS = 120;

  private final Options options;
  private final PrintStream out;

  public StreamBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Result run() throws Exception {
    if (options.bootstrapServers() != null) {
      return run(options.bootstrapServers());
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      out.println("in-process Kafka broker at " + kafka.bootstrapServers());
      return run(kafka.bootstrapServers());
    }
  }

  private Result run(String servers) throws Exception {
    Topics topics = new Topics("bench" + System.currentTimeMillis() + ".");
    EmbeddedKafka.createTopics(servers, topics, options.partitions(), (short) 1);
    Map<String, String> documents = BenchmarkSegments.documents(options.segments());
    documents.forEach(
        (source, text) ->
            DefinitionsTopic.send(servers, topics, source.replaceFirst("\\.json$", ""), text));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    SampleDataGenerator generator =
        new SampleDataGenerator(
            new GeneratorOptions(
                options.seed(),
                options.contacts(),
                Math.max(1, options.contacts() / 20),
                options.eventsPerContact(),
                365,
                now,
                BenchmarkSegments.overrideSegmentIds()));

    out.printf(
        "writing %,d contacts with their history and %d segments to %s*%n",
        options.contacts(), options.segments(), topics.prefix());
    long started = System.nanoTime();
    History history = produceHistory(servers, topics, generator, now);
    double produceSeconds = seconds(started);
    long inputRecords = history.records();
    long events = history.events();
    out.printf(
        "  %,d input records (%,d events) in %.1f s, %,.0f records/s%n",
        inputRecords, events, produceSeconds, inputRecords / produceSeconds);

    StreamingConfig config =
        new StreamingConfig(
            servers,
            topics,
            SampleDataGenerator.CATALOG,
            DefinitionsTopic.read(servers, topics),
            new SegmentEvaluator.Settings(
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                Duration.ofDays(2),
                options.stateCacheBytes()),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            null,
            null,
            "stream:" + topics.prefix() + "benchmark");
    StreamExecutionEnvironment env =
        JobEnvironment.create(
            JobEnvironment.configuration(
                options.checkpoints().toUri().toString(),
                options.checkpointInterval(),
                options.flinkSettings()));
    env.setParallelism(options.parallelism());
    StreamingJob.build(env, config);
    JobClient job = env.executeAsync("segmentflow-stream-benchmark");
    try {
      Consumed consumed = measureThroughput(servers, topics, config.producer() + ".inputs", job);
      out.printf(
          "throughput: %,d input records consumed in %.1f s: %,.0f records/s sustained; the"
              + " second half of them (after the JIT's warm-up) %,.0f records/s%n",
          consumed.records(),
          consumed.seconds(),
          consumed.perSecond(),
          consumed.secondHalfPerSecond());
      double eventsPerSecond = consumed.perSecond() * events / inputRecords;
      LatencyRun latency = measureLatency(servers, topics, history.templates());
      out.printf(
          "latency at %,d events/s for %d s (%,.0f/s achieved): event to change, processing"
              + " p50 %d ms, p99 %d ms (%d changes); read_committed p50 %d ms, p99 %d ms%n",
          options.latencyRate(),
          options.latencyDuration().toSeconds(),
          latency.rateAchieved,
          latency.processing.p50(),
          latency.processing.p99(),
          latency.processing.samples(),
          latency.committed.p50(),
          latency.committed.p99());
      return new Result(
          inputRecords,
          events,
          inputRecords / produceSeconds,
          consumed.seconds(),
          eventsPerSecond,
          consumed.secondHalfPerSecond(),
          latency.processing,
          latency.committed,
          latency.sent,
          latency.rateAchieved);
    } finally {
      job.cancel().get();
    }
  }

  /**
   * What the throughput phase wrote, and each contact's generated events by contact index: the
   * latency phase's templates, kept so that sending an event does not generate its contact again
   * (the load generator shares the cores with the job).
   */
  private record History(long records, long events, List<List<Event>> templates) {}

  /** Companies, contacts, list actions and events of every contact. */
  private History produceHistory(
      String servers, Topics topics, SampleDataGenerator generator, Instant now) {
    long records = 0;
    long events = 0;
    List<List<Event>> templates = new ArrayList<>(options.contacts());
    long profileTime = now.minus(Duration.ofDays(400)).toEpochMilli();
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(servers)) {
      for (var company : generator.companies().toList()) {
        send(
            producer,
            topics.companies(),
            company.companyId(),
            WireFormat.encode(company),
            profileTime);
        records++;
      }
      for (int i = 0; i < options.contacts(); i++) {
        ContactData data = generator.contact(i);
        templates.add(data.events());
        String id = data.contact().contactId();
        send(producer, topics.contacts(), id, WireFormat.encode(data.contact()), profileTime);
        for (var action : data.listActions()) {
          send(
              producer,
              topics.listActions(),
              id,
              WireFormat.encode(action),
              action.occurredAt().toEpochMilli());
        }
        // The generator's sessions may run a little past its as-of: the future, here.
        List<Event> history =
            data.events().stream().filter(e -> !e.occurredAt().isAfter(now)).toList();
        for (Event event : history) {
          send(
              producer,
              topics.events(),
              id,
              WireFormat.encode(event),
              event.occurredAt().toEpochMilli());
        }
        records += 1 + data.listActions().size() + history.size();
        events += history.size();
      }
    }
    return new History(records, events, templates);
  }

  /**
   * Input consumed between the first committed progress and the end, and over the second half of
   * the input alone: the first half also pays for the JIT compiling the job's code.
   */
  private record Consumed(
      double seconds, long records, double secondHalfSeconds, long secondHalfRecords) {
    double perSecond() {
      return records / seconds;
    }

    double secondHalfPerSecond() {
      return secondHalfRecords / secondHalfSeconds;
    }
  }

  /** Waits until the job's committed input offsets reach the topics' ends. */
  private Consumed measureThroughput(String servers, Topics topics, String group, JobClient job)
      throws Exception {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", servers);
    try (Admin admin = Admin.create(properties)) {
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (String topic : topics.contactInputs()) {
        for (int p = 0; p < options.partitions(); p++) {
          latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      Map<TopicPartition, Long> ends =
          new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
      admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
      long end = ends.values().stream().mapToLong(Long::longValue).sum();
      long firstOffset = -1;
      long firstTime = 0;
      long halfOffset = -1;
      long halfTime = 0;
      long committed = 0;
      long lastProgress = System.nanoTime();
      while (committed < end) {
        Thread.sleep(200);
        if (job.getJobStatus().get().isGloballyTerminalState()) {
          job.getJobExecutionResult().get(); // throws the job's failure
          throw new IllegalStateException("the job ended before consuming its input");
        }
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long now = offsets.values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
        if (now != committed) {
          lastProgress = System.nanoTime();
        } else if (seconds(lastProgress) > STALL_SECONDS) {
          Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
          ends.keySet().forEach(p -> earliest.put(p, OffsetSpec.earliest()));
          var starts = admin.listOffsets(earliest).all().get();
          StringBuilder partitions = new StringBuilder();
          ends.forEach(
              (p, e) -> {
                OffsetAndMetadata at = offsets.get(p);
                partitions.append(
                    String.format(
                        "%n  %s: %s of %d (log start %d)",
                        p, at == null ? "-" : at.offset(), e, starts.get(p).offset()));
              });
          throw new IllegalStateException(
              "no input committed for "
                  + STALL_SECONDS
                  + " s, "
                  + committed
                  + " of "
                  + end
                  + " (committed of end offset per partition):"
                  + partitions);
        }
        committed = now;
        if (firstOffset < 0 && committed > 0) {
          firstOffset = committed;
          firstTime = System.nanoTime();
        }
        if (halfOffset < 0 && committed >= end / 2) {
          halfOffset = committed;
          halfTime = System.nanoTime();
        }
      }
      return new Consumed(
          seconds(firstTime), end - firstOffset, seconds(halfTime), end - halfOffset);
    }
  }

  private record LatencyRun(
      Latencies processing, Latencies committed, long sent, double rateAchieved) {}

  /** Sends events at the configured rate, stamped with the current time, and times the changes. */
  private LatencyRun measureLatency(String servers, Topics topics, List<List<Event>> templates)
      throws Exception {
    Set<Long> sentTimes = ConcurrentHashMap.newKeySet();
    List<Long> processing = Collections.synchronizedList(new ArrayList<>());
    List<Long> committed = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean sending = new AtomicBoolean(true);
    Thread uncommittedReader =
        reader(servers, topics, "read_uncommitted", sending, t -> record(t, sentTimes, processing));
    Thread committedReader =
        reader(servers, topics, "read_committed", sending, t -> record(t, sentTimes, committed));
    Thread.sleep(2000); // readers positioned at the end of the change topic
    long sent = 0;
    long started = System.nanoTime();
    long durationNanos = options.latencyDuration().toNanos();
    java.util.SplittableRandom random = new java.util.SplittableRandom(options.seed());
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(servers)) {
      while (System.nanoTime() - started < durationNanos) {
        long due = (long) ((System.nanoTime() - started) / 1e9 * options.latencyRate());
        while (sent < due) {
          List<Event> history = templates.get(random.nextInt(options.contacts()));
          if (history.isEmpty()) {
            continue;
          }
          Event template = history.get(random.nextInt(history.size()));
          long now = System.currentTimeMillis();
          sentTimes.add(now);
          Event event =
              new Event(
                  "live-" + sent,
                  template.contactId(),
                  template.eventType(),
                  Instant.ofEpochMilli(now),
                  template.properties());
          send(producer, topics.events(), event.contactId(), WireFormat.encode(event), now);
          sent++;
        }
        Thread.sleep(1);
      }
    }
    double rate = sent / seconds(started);
    Thread.sleep(options.checkpointInterval().toMillis() * 3 + 2000); // the last commits
    sending.set(false);
    uncommittedReader.join();
    committedReader.join();
    return new LatencyRun(Latencies.of(processing), Latencies.of(committed), sent, rate);
  }

  private static void record(long[] change, Set<Long> sentTimes, List<Long> latencies) {
    // change = [changed_at, received_at]: only changes an event caused carry an event's time.
    if (sentTimes.contains(change[0])) {
      latencies.add(change[1] - change[0]);
    }
  }

  private static Thread reader(
      String servers,
      Topics topics,
      String isolation,
      AtomicBoolean running,
      java.util.function.Consumer<long[]> onChange) {
    Thread thread =
        new Thread(
            () -> {
              WireFormat.Decoder<MembershipChange> changes =
                  new WireFormat.Decoder<>(
                      MembershipChange.class, MembershipChange.getClassSchema());
              try (KafkaConsumer<byte[], byte[]> consumer =
                  KafkaClients.assigned(
                      servers, topics.changes(), isolation.equals("read_committed"))) {
                consumer.seekToEnd(consumer.assignment());
                consumer.assignment().forEach(consumer::position);
                while (running.get()) {
                  for (ConsumerRecord<byte[], byte[]> record :
                      consumer.poll(Duration.ofMillis(20))) {
                    long received = System.currentTimeMillis();
                    try {
                      MembershipChange change = changes.decode(record.value());
                      onChange.accept(new long[] {change.getChangedAt().toEpochMilli(), received});
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }
                }
              }
            },
            "change-reader-" + isolation);
    thread.start();
    return thread;
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value, long time) {
    producer.send(
        new ProducerRecord<>(topic, null, time, key.getBytes(StandardCharsets.UTF_8), value));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
