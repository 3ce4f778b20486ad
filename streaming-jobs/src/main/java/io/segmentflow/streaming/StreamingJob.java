package io.segmentflow.streaming;

import io.segmentflow.streaming.evaluate.CompanyJoin;
import io.segmentflow.streaming.evaluate.DefinitionUpdate;
import io.segmentflow.streaming.evaluate.MemberChange;
import io.segmentflow.streaming.evaluate.SegmentEvaluator;
import io.segmentflow.streaming.input.Input;
import io.segmentflow.streaming.input.SnapshotFormat;
import io.segmentflow.streaming.input.StreamClock;
import io.segmentflow.streaming.input.WireFormat;
import io.segmentflow.streaming.kafka.DefinitionDeserializer;
import io.segmentflow.streaming.kafka.InputDeserializer;
import io.segmentflow.streaming.output.OutputRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Wires the streaming job: Kafka inputs → dead-lettering of bad records → company fan-out → the
 * contact-keyed {@link SegmentEvaluator} with the definitions broadcast → the change topic, the
 * compacted membership topic and the dead-letter topic, each written in Kafka transactions that
 * commit with Flink's checkpoints (exactly once for read_committed consumers).
 */
public final class StreamingJob {

  private static final OutputTag<Input> INVALID =
      new OutputTag<>("invalid-inputs", TypeInformation.of(Input.class));
  private static final OutputTag<Input> VIA_COMPANY =
      new OutputTag<>("company-inputs", TypeInformation.of(Input.class));

  private StreamingJob() {}

  /** Adds the job's operators to an environment; the caller configures and executes it. */
  public static void build(StreamExecutionEnvironment env, StreamingConfig config) {
    SingleOutputStreamOperator<Input> routed =
        // The type is given: Flink cannot infer it from a HybridSource (with a hand-over).
        env.fromSource(
                inputs(config),
                inputClock(config),
                "contact inputs",
                TypeInformation.of(Input.class))
            .uid("contact-inputs")
            .process(new Router())
            .uid("router")
            .name("dead-letter bad records, route company updates");

    DataStream<Input> viaCompanies =
        routed
            .getSideOutput(VIA_COMPANY)
            .keyBy(Input::companyId)
            .process(new CompanyJoin())
            .uid("company-join")
            .name("company fan-out");

    BroadcastStream<DefinitionUpdate> definitions =
        env.fromSource(definitionSource(config), definitionClock(), "segment definitions")
            .uid("definitions")
            .setParallelism(1)
            .broadcast(SegmentEvaluator.DOCUMENTS);

    SingleOutputStreamOperator<MemberChange> changes =
        routed
            .union(viaCompanies)
            .keyBy(Input::key)
            .connect(definitions)
            .process(
                new SegmentEvaluator(
                    config.catalog(),
                    config.initialDefinitions(),
                    config.settings(),
                    config.handover() == null ? null : config.startFrom()))
            .uid("segment-evaluator")
            .name("evaluate segments per contact");

    changes
        .filter(change -> change.type() != MemberChange.Type.UPDATED)
        .name("entries and exits")
        .sinkTo(changeSink(config))
        .uid("change-sink")
        .name("change topic");
    changes.sinkTo(membershipSink(config)).uid("membership-sink").name("membership topic");

    DataStream<Input> refusedDefinitions =
        changes
            .getSideOutput(SegmentEvaluator.REFUSED)
            .map(
                update ->
                    Input.invalid(
                        update.payload(),
                        config.topics().definitions(),
                        update.position(),
                        update.reason()))
            .returns(Input.class);
    routed
        .getSideOutput(INVALID)
        .union(refusedDefinitions)
        .sinkTo(deadLetterSink(config))
        .uid("dead-letter-sink")
        .name("dead-letter topic");
  }

  /** Sends invalid records aside (counted), and contact and company records to the company join. */
  private static final class Router extends ProcessFunction<Input, Input> {
    private transient Counter deadLettered;

    @Override
    public void open(OpenContext openContext) {
      deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
    }

    @Override
    public void processElement(Input input, Context context, Collector<Input> out) {
      if (input.kind() == Input.Kind.INVALID) {
        deadLettered.inc();
        context.output(INVALID, input);
      } else if (input.companyId() != null) { // a company, or a contact that has one
        context.output(VIA_COMPANY, input);
      } else {
        out.collect(input);
      }
    }
  }

  /**
   * The batch hand-over's snapshots, then the Kafka inputs. Without a hand-over the first part
   * reads no file: the source has the same shape either way, so a savepoint or checkpoint of a job
   * started from a hand-over restores into one started without (the documented upgrade and
   * recovery, {@code flink run -s}), and the other way round.
   */
  private static Source<Input, ?, ?> inputs(StreamingConfig config) {
    FileSource.FileSourceBuilder<Input> snapshots =
        FileSource.forRecordStreamFormat(
            new SnapshotFormat(),
            new Path(config.handover() == null ? NO_HANDOVER : config.handover()));
    if (config.handover() == null) {
      snapshots.setFileEnumerator(() -> (paths, minDesiredSplits) -> List.of());
    }
    return HybridSource.builder(snapshots.build()).addSource(inputSource(config)).build();
  }

  /** The path of the hand-over part when there is none: never listed nor read. */
  private static final String NO_HANDOVER = "no-handover";

  private static KafkaSource<Input> inputSource(StreamingConfig config) {
    OffsetsInitializer start =
        config.startFrom() == null
            ? OffsetsInitializer.committedOffsets(
                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
            : OffsetsInitializer.timestamp(config.startFrom().toEpochMilli());
    return KafkaSource.<Input>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(config.topics().contactInputs())
        .setGroupId(config.producer() + ".inputs")
        .setStartingOffsets(start)
        .setDeserializer(new InputDeserializer(config.topics(), config.catalog()))
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "true")
        .build();
  }

  private static KafkaSource<DefinitionUpdate> definitionSource(StreamingConfig config) {
    return KafkaSource.<DefinitionUpdate>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(config.topics().definitions())
        .setGroupId(config.producer() + ".definitions")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new DefinitionDeserializer())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  private static WatermarkStrategy<Input> inputClock(StreamingConfig config) {
    Duration outOfOrderness = config.outOfOrderness();
    Duration idleLag = config.idleLag();
    WatermarkStrategy<Input> clock =
        WatermarkStrategy.<Input>forGenerator(
                context -> new StreamClock<>(outOfOrderness, idleLag, Clock.systemUTC()))
            .withTimestampAssigner((input, kafkaTime) -> input.time());
    // Following the wall clock, a quiet partition keeps time moving by itself. Replaying, it would
    // hold time back for the others: it is set aside after a few seconds without records.
    return idleLag != null ? clock : clock.withIdleness(Duration.ofSeconds(5));
  }

  /**
   * Definitions are rare control records: their input never holds event time back, nor moves it
   * (idle: the evaluator's event time is the contact inputs' alone).
   */
  private static WatermarkStrategy<DefinitionUpdate> definitionClock() {
    return WatermarkStrategy.forGenerator(context -> new AlwaysIdle<>());
  }

  private static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }

  private static KafkaSink<MemberChange> changeSink(StreamingConfig config) {
    String topic = config.topics().changes();
    String producer = config.producer();
    return transactional(
        config,
        "changes",
        (KafkaRecordSerializationSchema<MemberChange>)
            (change, context, timestamp) ->
                new ProducerRecord<>(
                    topic,
                    key(change.key()),
                    WireFormat.encoded(
                        () -> OutputRecords.change(change, producer).toByteBuffer())));
  }

  private static KafkaSink<MemberChange> membershipSink(StreamingConfig config) {
    String topic = config.topics().memberships();
    return transactional(
        config,
        "memberships",
        (KafkaRecordSerializationSchema<MemberChange>)
            (change, context, timestamp) ->
                new ProducerRecord<>(
                    topic,
                    key(change.key()),
                    change.type() == MemberChange.Type.EXITED
                        ? null
                        : WireFormat.encoded(
                            () -> OutputRecords.membership(change).toByteBuffer())));
  }

  private static KafkaSink<Input> deadLetterSink(StreamingConfig config) {
    String topic = config.topics().deadLetters();
    return transactional(
        config,
        "dead-letters",
        (KafkaRecordSerializationSchema<Input>)
            (input, context, timestamp) ->
                new ProducerRecord<>(
                    topic,
                    key(input.source() + ":" + input.position()),
                    WireFormat.encoded(
                        () ->
                            OutputRecords.deadLetter(
                                    input.source(),
                                    input.position(),
                                    input.reason(),
                                    input.payload(),
                                    timestamp == null ? System.currentTimeMillis() : timestamp)
                                .toByteBuffer())));
  }

  private static <T> KafkaSink<T> transactional(
      StreamingConfig config, String name, KafkaRecordSerializationSchema<T> serializer) {
    Properties producer = new Properties();
    // Below the brokers' transaction.max.timeout.ms (15 minutes by default).
    producer.setProperty("transaction.timeout.ms", "600000");
    // Fewer, larger produce requests: the records are read (read_committed) only once their
    // checkpoint commits them, so waiting 20 ms to fill a batch adds little to what senders see and
    // saves the brokers a request per few milliseconds per producer.
    producer.setProperty("linger.ms", "20");
    producer.setProperty("batch.size", "262144");
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.producer().replace(':', '-') + "-" + name)
        .setKafkaProducerConfig(producer)
        .build();
  }

  private static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
