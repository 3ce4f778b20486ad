package io.segmentflow.streaming.evaluate;

import io.segmentflow.schemas.ContactSnapshot;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.eval.DerivedFields;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.FeatureState;
import io.segmentflow.segments.eval.IncrementalEvaluator;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.InvalidDefinitionException;
import io.segmentflow.streaming.input.Input;
import io.segmentflow.streaming.input.InputDecoder;
import io.segmentflow.streaming.input.WireFormat;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The heart of the stream: keyed by contact, it applies each input to the contact's {@link
 * ContactState} and re-evaluates the contact's segments with the core's {@link
 * io.segmentflow.segments.eval.ReferenceEvaluator} as of the contact's clock, emitting only real
 * changes. Time alone moves contacts too: after each evaluation an event-time timer is set at the
 * core's next possible change ({@link TimeTriggers}), rounded up to the tick. Definitions arrive on
 * a broadcast stream; a change re-evaluates every contact at once.
 *
 * <p>The evaluation time of a contact is the latest of its clock, the input's time and the
 * watermark, so it never goes back and every input applied is at or before it: the stream's
 * memberships as of T are the batch's as of T.
 */
public final class SegmentEvaluator
    extends KeyedBroadcastProcessFunction<String, Input, DefinitionUpdate, MemberChange> {

  /** Definitions in force, by segment id (broadcast state, checkpointed with the job). */
  public static final MapStateDescriptor<String, String> DOCUMENTS =
      new MapStateDescriptor<>(
          "segment-definitions", BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.STRING_TYPE_INFO);

  /** A refused definition record, for the dead-letter topic. */
  public static final OutputTag<DefinitionUpdate> REFUSED =
      new OutputTag<>("refused-definitions", TypeInformation.of(DefinitionUpdate.class));

  private static final String VERSION_KEY = "";

  /** A contact's {@link ContactState#profileBytes()}. */
  private static final ValueStateDescriptor<byte[]> PROFILE =
      new ValueStateDescriptor<>("profile", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** A contact's {@link ContactState#activityBytes()}. */
  private static final ValueStateDescriptor<byte[]> ACTIVITY =
      new ValueStateDescriptor<>("activity", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /**
   * How the evaluator treats time, and the heap each parallel instance may keep of the contacts'
   * stored state ({@link StoredStateCache}); see docs/streaming.md.
   */
  public record Settings(
      Duration tick, Duration maxSleep, Duration deduplication, long stateCacheBytes)
      implements Serializable {
    public static final int DEFAULT_STATE_CACHE_MB = 128;
    public static final Settings DEFAULT =
        new Settings(
            Duration.ofMinutes(1),
            Duration.ofHours(1),
            Duration.ofDays(2),
            (long) DEFAULT_STATE_CACHE_MB << 20);
  }

  private final Catalog catalog;
  private final Map<String, String> initialDocuments;
  private final Settings settings;
  private final long handoverAsOf;

  private transient InputDecoder decoder;
  private transient WireFormat.Decoders stateDecoders;
  private transient ValueState<byte[]> profile;
  private transient ValueState<byte[]> activity;
  private transient Definitions definitions;
  private transient String definitionsVersion;
  private transient StoredStateCache cache;
  private transient Counter cacheHits;
  private transient Counter cacheMisses;

  /**
   * @param initialDocuments the definitions read from the definitions topic before the job started,
   *     in force until the broadcast state says otherwise
   * @param handoverAsOf the as-of of the batch run the job starts from, or null: events and list
   *     actions up to it are the batch's, already in the hand-over
   */
  public SegmentEvaluator(
      Catalog catalog,
      Map<String, String> initialDocuments,
      Settings settings,
      Instant handoverAsOf) {
    this.catalog = catalog;
    this.initialDocuments = new HashMap<>(initialDocuments);
    this.settings = settings;
    this.handoverAsOf = handoverAsOf == null ? Long.MIN_VALUE : handoverAsOf.toEpochMilli();
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = new InputDecoder(catalog);
    stateDecoders = new WireFormat.Decoders();
    profile = getRuntimeContext().getState(PROFILE);
    activity = getRuntimeContext().getState(ACTIVITY);
    definitions = Definitions.of(catalog, initialDocuments);
    definitionsVersion = null;
    cache = new StoredStateCache(settings.stateCacheBytes());
    // for sizing the cache: its contents, and how many reads it spared RocksDB
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("stateCache");
    metrics.gauge("contacts", (Gauge<Integer>) cache::contacts);
    metrics.gauge("bytes", (Gauge<Long>) cache::bytes);
    cacheHits = metrics.counter("hits");
    cacheMisses = metrics.counter("misses");
  }

  @Override
  public void processElement(Input input, ReadOnlyContext context, Collector<MemberChange> out)
      throws Exception {
    Definitions current = current(context.getBroadcastState(DOCUMENTS));
    String contactId = context.getCurrentKey();
    StoredStateCache.Stored stored = stored(contactId);
    ContactState state = ContactState.fromBytes(stateDecoders, stored.profile(), stored.activity());
    long asOf = Math.max(Math.max(state.clock, input.time()), context.currentWatermark());
    List<SegmentDefinition> changed = apply(input, state, current, out);
    evaluate(contactId, state, current, asOf, changed, out);
    schedule(state, context.timerService());
    byte[] profileBytes = stored.profile();
    if (input.kind() != Input.Kind.EVENT) {
      profileBytes = state.profileBytes();
      profile.update(profileBytes);
    }
    store(contactId, profileBytes, state);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<MemberChange> out)
      throws Exception {
    String contactId = context.getCurrentKey();
    StoredStateCache.Stored stored = stored(contactId);
    ContactState state = ContactState.fromBytes(stateDecoders, stored.profile(), stored.activity());
    if (state.timer != timestamp) {
      return; // replaced by a later schedule
    }
    state.timer = Long.MIN_VALUE;
    Definitions current = current(context.getBroadcastState(DOCUMENTS));
    // As of the watermark, not the timer's instant: when event time jumps (catching up after an
    // outage), one evaluation brings the contact to now instead of a chain through each trigger.
    long asOf = Math.max(state.clock, context.timerService().currentWatermark());
    // No input changed anything: every segment is evaluated if the next change is due, none if
    // this is only a wake-up.
    evaluate(contactId, state, current, asOf, List.of(), out);
    schedule(state, context.timerService());
    store(contactId, stored.profile(), state);
  }

  @Override
  public void processBroadcastElement(
      DefinitionUpdate update, Context context, Collector<MemberChange> out) throws Exception {
    // Every parallel instance receives each definition; one of them reports a refusal.
    boolean reports = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    if (update.reason() != null) {
      if (reports) {
        context.output(REFUSED, update);
      }
      return;
    }
    BroadcastState<String, String> documents = context.getBroadcastState(DOCUMENTS);
    Map<String, String> next = new HashMap<>(current(documents).documents());
    if (update.deletes()) {
      next.remove(update.segmentId());
    } else {
      next.put(update.segmentId(), update.document());
    }
    if (next.equals(current(documents).documents())) {
      return; // a redelivery, or the initial definitions read again
    }
    Definitions changed;
    try {
      changed = Definitions.of(catalog, next);
    } catch (InvalidDefinitionException e) {
      if (!reports) {
        return;
      }
      context.output(
          REFUSED,
          new DefinitionUpdate(
              update.segmentId(),
              update.document(),
              update.payload(),
              update.position(),
              "definition refused, the previous definitions stay in force: " + e.getMessage()));
      return;
    }
    documents.clear();
    documents.putAll(next);
    documents.put(VERSION_KEY, Integer.toHexString(next.hashCode()) + "@" + update.position());
    definitions = changed;
    definitionsVersion = documents.get(VERSION_KEY);
    cache.clear(); // every contact's activity is written below, past the cache
    long watermark = context.currentWatermark();
    // Every contact now: entries and exits of the new definitions go out at once. Timers cannot be
    // set from here; each contact's next wake-up (at most maxSleep away) schedules the new ones.
    // Every contact has an activity value (each input writes one); the iteration sets the key, so
    // the profile read is the same contact's.
    context.applyToKeyedState(
        ACTIVITY,
        (contactId, value) -> {
          ContactState state =
              ContactState.fromBytes(stateDecoders, profile.value(), value.value());
          evaluate(contactId, state, changed, Math.max(state.clock, watermark), null, out);
          value.update(state.activityBytes());
        });
  }

  /** The definitions in force: the broadcast state's, once a change has been broadcast. */
  private Definitions current(ReadOnlyBroadcastState<String, String> documents) throws Exception {
    String version = documents.get(VERSION_KEY);
    if (version != null && !version.equals(definitionsVersion)) {
      Map<String, String> byId = new HashMap<>();
      for (Map.Entry<String, String> entry : documents.immutableEntries()) {
        if (!entry.getKey().equals(VERSION_KEY)) {
          byId.put(entry.getKey(), entry.getValue());
        }
      }
      definitions = Definitions.of(catalog, byId);
      definitionsVersion = version;
    }
    return definitions;
  }

  /** The contact's stored state: from the cache, else from the state backend. */
  private StoredStateCache.Stored stored(String contactId) throws Exception {
    StoredStateCache.Stored cached = cache.get(contactId);
    if (cached != null) {
      cacheHits.inc();
      return cached;
    }
    cacheMisses.inc();
    return new StoredStateCache.Stored(profile.value(), activity.value());
  }

  /** Writes the contact's activity (its profile was written if it changed), and caches both. */
  private void store(String contactId, byte[] profileBytes, ContactState state) throws Exception {
    byte[] activityBytes = state.activityBytes();
    activity.update(activityBytes);
    cache.put(contactId, profileBytes, activityBytes);
  }

  /**
   * Applies an input to the contact's state.
   *
   * @return the segments it can change, null for any
   */
  private List<SegmentDefinition> apply(
      Input input, ContactState state, Definitions current, Collector<MemberChange> out) {
    switch (input.kind()) {
      case EVENT -> {
        if (input.time() <= handoverAsOf) {
          return List.of();
        }
        Event event = InputDecoder.accepted(() -> decoder.event(input.payload()));
        if (!state.firstSighting(
            event.eventId(), input.time(), settings.deduplication().toMillis())) {
          return List.of();
        }
        state.features.add(current.plan(), event);
        return current.evaluator().affected().ofEvent(event.eventType());
      }
      case CONTACT -> {
        // The latest update wins, by record time: contacts reach here by two paths (with and
        // without a company), so arrival order is not update order.
        if (input.time() < state.contactTime) {
          return List.of();
        }
        state.contact = InputDecoder.accepted(() -> decoder.contact(input.payload()));
        state.contactTime = input.time();
        return null;
      }
      case COMPANY -> {
        // Only the contact's current company; a company it left may still fan out to it.
        Company company = InputDecoder.accepted(() -> decoder.company(input.payload()));
        boolean itsCompany =
            state.contact != null && company.companyId().equals(state.contact.companyId());
        boolean newer =
            state.company == null
                || !state.company.companyId().equals(company.companyId())
                || input.time() >= state.companyTime;
        if (!itsCompany || !newer) {
          return List.of();
        }
        state.company = company;
        state.companyTime = input.time();
        return null;
      }
      case LIST_ACTION -> {
        if (input.time() <= handoverAsOf) {
          return List.of();
        }
        ListAction action = InputDecoder.accepted(() -> decoder.listAction(input.payload()));
        state.addListAction(action);
        return current.evaluator().affected().ofListAction(action.listId());
      }
      case SNAPSHOT -> {
        applySnapshot(input, state, current.plan(), out);
        return null;
      }
      default -> throw new IllegalStateException("invalid inputs are dead-lettered before");
    }
  }

  /**
   * Takes over a contact's state from the batch: merged, not replaced, in case an input after the
   * hand-over reached the contact first. The batch's memberships are what senders already know:
   * they are not entries, so only the membership topic gets them (a sender rebuilding the members
   * of a segment from it sees the batch's too), and only differences from them are entries and
   * exits.
   */
  private void applySnapshot(
      Input input, ContactState state, FeaturePlan plan, Collector<MemberChange> out) {
    ContactSnapshot snapshot = InputDecoder.accepted(() -> decoder.snapshot(input.payload()));
    if (snapshot.getContact() != null && input.time() >= state.contactTime) {
      state.contact = AvroRecords.fromAvro(snapshot.getContact());
      state.contactTime = input.time();
    }
    if (snapshot.getCompany() != null && input.time() >= state.companyTime) {
      state.company = AvroRecords.fromAvro(snapshot.getCompany());
      state.companyTime = input.time();
    }
    snapshot.getListActions().forEach(action -> state.addListAction(AvroRecords.fromAvro(action)));
    state.features.merge(plan, FeatureState.fromBytes(bytes(snapshot.getFeatureState())));
    for (io.segmentflow.schemas.Membership member : snapshot.getMemberships()) {
      ContactState.Member known =
          new ContactState.Member(
              Membership.Reason.valueOf(member.getReason().name()),
              member.getEnteredAt().toEpochMilli(),
              member.getContactable(),
              member.getIdentified());
      if (state.members.putIfAbsent(member.getSegmentId(), known) == null) {
        out.collect(
            change(
                member.getSegmentId(),
                snapshot.getContactId(),
                MemberChange.Type.UPDATED,
                input.time(),
                known,
                false));
      }
    }
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  /**
   * Evaluates the segments {@code changed} (all when null; see {@link IncrementalEvaluator}) as of
   * {@code asOf}, emits the differences with what was, and keeps the next time-driven change.
   */
  private void evaluate(
      String contactId,
      ContactState state,
      Definitions current,
      long asOf,
      List<SegmentDefinition> changed,
      Collector<MemberChange> out) {
    state.clock = asOf;
    Instant at = Instant.ofEpochMilli(asOf);
    if (state.contact == null) {
      state.features.prune(current.plan(), at);
      return; // nothing to evaluate before the profile: its arrival evaluates every segment
    }
    IncrementalEvaluator.Result result =
        current
            .evaluator()
            .evaluate(
                state.contact,
                companyOf(state),
                state.features,
                state.listActions(),
                at,
                changed,
                state.nextChange == Long.MAX_VALUE ? null : Instant.ofEpochMilli(state.nextChange),
                state.members::containsKey);
    state.nextChange =
        result.nextChange() == null ? Long.MAX_VALUE : result.nextChange().toEpochMilli();
    boolean contactable = !state.contact.unsubscribed();
    boolean identified = DerivedFields.identified(state.contact);
    for (Membership membership : result.memberships().values()) {
      ContactState.Member was = state.members.get(membership.segmentId());
      if (membership.member()) {
        ContactState.Member is =
            new ContactState.Member(
                membership.reason(), was == null ? asOf : was.enteredAt(), contactable, identified);
        if (!is.equals(was)) {
          state.members.put(membership.segmentId(), is);
          MemberChange.Type type =
              was == null ? MemberChange.Type.ENTERED : MemberChange.Type.UPDATED;
          out.collect(change(membership.segmentId(), contactId, type, asOf, is, false));
        }
      } else if (was != null) {
        state.members.remove(membership.segmentId());
        ContactState.Member left =
            new ContactState.Member(membership.reason(), was.enteredAt(), contactable, identified);
        out.collect(
            change(membership.segmentId(), contactId, MemberChange.Type.EXITED, asOf, left, false));
      }
    }
    if (result.all()) { // segments no longer defined
      for (var it = state.members.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        if (!result.memberships().containsKey(entry.getKey())) {
          it.remove();
          ContactState.Member left =
              new ContactState.Member(null, entry.getValue().enteredAt(), contactable, identified);
          out.collect(
              change(entry.getKey(), contactId, MemberChange.Type.EXITED, asOf, left, true));
        }
      }
    }
  }

  private static MemberChange change(
      String segmentId,
      String contactId,
      MemberChange.Type type,
      long time,
      ContactState.Member member,
      boolean deleted) {
    return new MemberChange(
        segmentId,
        contactId,
        type,
        time,
        member.reason(),
        deleted,
        member.enteredAt(),
        member.contactable(),
        member.identified());
  }

  /** Sets the timer at the next time-driven change, rounded up to the tick, or the next wake-up. */
  private void schedule(ContactState state, TimerService timers) {
    if (state.contact == null) {
      return; // events of a contact without a profile wait for it: nothing to evaluate yet
    }
    long tick = settings.tick().toMillis();
    long wakeUp = state.clock + settings.maxSleep().toMillis();
    long next = Math.min(state.nextChange, wakeUp);
    long at = Math.floorDiv(next + tick - 1, tick) * tick;
    if (at != state.timer) {
      if (state.timer != Long.MIN_VALUE) {
        timers.deleteEventTimeTimer(state.timer);
      }
      timers.registerEventTimeTimer(at);
      state.timer = at;
    }
  }

  private static Company companyOf(ContactState state) {
    Company company = state.company;
    return company != null && company.companyId().equals(state.contact.companyId())
        ? company
        : null;
  }
}
