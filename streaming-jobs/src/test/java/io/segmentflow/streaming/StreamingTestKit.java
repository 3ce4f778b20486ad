package io.segmentflow.streaming;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.streaming.evaluate.SegmentEvaluator;
import io.segmentflow.streaming.input.WireFormat;
import io.segmentflow.streaming.kafka.DefinitionsTopic;
import io.segmentflow.streaming.kafka.EmbeddedKafka;
import io.segmentflow.streaming.kafka.KafkaClients;
import io.segmentflow.streaming.kafka.Topics;
import io.segmentflow.streaming.output.MembershipFeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What the streaming integration tests share: one real Kafka broker in this JVM (KRaft), Flink's
 * MiniCluster, fresh topics per test, a producer of the input topics and a read_committed feed.
 */
public final class StreamingTestKit implements AutoCloseable {

  public static MiniClusterExtension miniCluster() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }

  private static final int PARTITIONS = 2;
  private static final AtomicInteger TOPIC_SETS = new AtomicInteger();
  private static EmbeddedKafka kafka;

  public final Topics topics;
  private final KafkaProducer<byte[], byte[]> producer;

  public StreamingTestKit() throws Exception {
    this.topics = new Topics("t" + TOPIC_SETS.incrementAndGet() + ".");
    EmbeddedKafka.createTopics(bootstrapServers(), topics, PARTITIONS, (short) 1);
    producer = KafkaClients.producer(bootstrapServers());
  }

  public static synchronized String bootstrapServers() throws Exception {
    if (kafka == null) {
      kafka = EmbeddedKafka.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(kafka)));
    }
    return kafka.bootstrapServers();
  }

  /** Replays recorded data: event time follows the records only, and moves by the minute. */
  public StreamingConfig replayConfig(Duration tick) throws Exception {
    return replayConfig(
        new SegmentEvaluator.Settings(
            tick,
            Duration.ofDays(3660),
            Duration.ofDays(2),
            SegmentEvaluator.Settings.DEFAULT.stateCacheBytes()));
  }

  /** {@link #replayConfig(Duration)} with the given evaluator settings. */
  public StreamingConfig replayConfig(SegmentEvaluator.Settings settings) throws Exception {
    return new StreamingConfig(
        bootstrapServers(),
        topics,
        Catalog.standard(),
        DefinitionsTopic.read(bootstrapServers(), topics),
        settings,
        Duration.ZERO,
        null,
        null,
        null,
        "stream:" + topics.prefix() + "job");
  }

  /** {@code config} started from a hand-over folder whose snapshots are as of {@code asOf}. */
  public StreamingConfig withHandover(StreamingConfig config, Path handover, Instant asOf) {
    return new StreamingConfig(
        config.bootstrapServers(),
        config.topics(),
        config.catalog(),
        config.initialDefinitions(),
        config.settings(),
        config.outOfOrderness(),
        config.idleLag(),
        asOf,
        handover.toUri().toString(),
        config.producer());
  }

  public StreamingConfig withCatalog(StreamingConfig config, Catalog catalog) {
    return new StreamingConfig(
        config.bootstrapServers(),
        config.topics(),
        catalog,
        config.initialDefinitions(),
        config.settings(),
        config.outOfOrderness(),
        config.idleLag(),
        config.startFrom(),
        config.handover(),
        config.producer());
  }

  /** Starts the job on the MiniCluster with checkpoints every 300 ms in {@code checkpoints}. */
  public JobClient start(StreamingConfig config, Path checkpoints, String restoreFrom)
      throws Exception {
    Configuration configuration =
        JobEnvironment.configuration(
            checkpoints.toUri().toString(), Duration.ofMillis(300), Map.of());
    if (restoreFrom != null) {
      configuration.setString("execution.state-recovery.path", restoreFrom);
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    env.setParallelism(2);
    StreamingJob.build(env, config);
    return env.executeAsync(topics.prefix() + "job");
  }

  public void definition(String id, String document) throws Exception {
    DefinitionsTopic.send(bootstrapServers(), topics, id, document);
  }

  public void contact(Contact contact, Instant at) {
    send(topics.contacts(), contact.contactId(), WireFormat.encode(contact), at);
  }

  public void company(Company company, Instant at) {
    send(topics.companies(), company.companyId(), WireFormat.encode(company), at);
  }

  public void event(Event event) {
    send(topics.events(), event.contactId(), WireFormat.encode(event), event.occurredAt());
  }

  public void listAction(ListAction action) {
    send(topics.listActions(), action.contactId(), WireFormat.encode(action), action.occurredAt());
  }

  /**
   * Moves a replay's event time to {@code at}: an event of a contact without a profile on every
   * partition of the events topic. Sent repeatedly, it keeps those partitions active, so event time
   * reaches {@code at} even when every other partition has gone quiet (idle partitions are set
   * aside, but a watermark is not moved by partitions that are all idle).
   */
  public void clock(Instant at) {
    Event tick = new Event("clock", "clock", "page_visit", at, Map.of());
    for (int partition = 0; partition < PARTITIONS; partition++) {
      sent(
          producer.send(
              new ProducerRecord<>(
                  topics.events(),
                  partition,
                  at.toEpochMilli(),
                  "clock".getBytes(StandardCharsets.UTF_8),
                  WireFormat.encode(tick))));
    }
  }

  public void send(String topic, String key, byte[] value, Instant at) {
    sent(
        producer.send(
            new ProducerRecord<>(
                topic, null, at.toEpochMilli(), key.getBytes(StandardCharsets.UTF_8), value)));
  }

  /** Waits for the broker to accept a record; a refused one fails the test rather than vanish. */
  private void sent(Future<RecordMetadata> record) {
    producer.flush();
    try {
      record.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker refused a test record", e.getCause());
    }
  }

  public MembershipFeed feed() throws Exception {
    return new MembershipFeed(bootstrapServers(), topics);
  }

  /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(250);
    }
  }

  /**
   * Cancels the job and waits until it has ended: {@code cancel()} returns when the cancellation is
   * accepted, while the job may still be writing a checkpoint into a folder the test then deletes.
   */
  public static void cancel(JobClient job) throws Exception {
    job.cancel().get();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!job.getJobStatus().get().isGloballyTerminalState()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the job did not end within 30 s of its cancellation");
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // shutting down anyway
    }
  }
}
