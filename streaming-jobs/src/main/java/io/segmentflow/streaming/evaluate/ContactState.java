package io.segmentflow.streaming.evaluate;

import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.data.StateBytes;
import io.segmentflow.segments.eval.FeatureState;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.eval.Overrides;
import io.segmentflow.streaming.input.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the stream keeps for one contact, bounded whatever its number of events: the latest
 * profile and company, the latest list action per list, the behaviour features as the core's {@link
 * FeatureState}, the ids of recent events (to count a redelivery once), the current memberships and
 * the contact's clock. Stored as two values per contact in a compact binary form: the profile part
 * is written only when the profile, company or list actions change, the activity part on every
 * input.
 */
final class ContactState {

  /** A current membership: why the contact is in, and since when. */
  record Member(
      Membership.Reason reason, long enteredAt, boolean contactable, boolean identified) {}

  Contact contact;
  long contactTime = Long.MIN_VALUE;
  Company company;
  long companyTime = Long.MIN_VALUE;
  final Map<String, ListAction> latestActionByList = new HashMap<>();
  FeatureState features = FeatureState.empty();
  final Map<String, Long> recentEventIds = new HashMap<>();
  long latestEventTime = Long.MIN_VALUE;
  final Map<String, Member> members = new LinkedHashMap<>();

  /** The evaluation time of the contact's latest evaluation: it never goes back. */
  long clock = Long.MIN_VALUE;

  /**
   * When time alone may change a membership next (the core's {@link
   * io.segmentflow.segments.eval.IncrementalEvaluator.Result#nextChange}), Long.MAX_VALUE for
   * never: from then on every segment is evaluated again. Due at once before a first evaluation.
   */
  long nextChange = Long.MIN_VALUE;

  /** The event-time timer registered for the next time-driven change, or Long.MIN_VALUE. */
  long timer = Long.MIN_VALUE;

  /** Keeps a list action if it is the latest of its list (Overrides' order decides ties). */
  void addListAction(ListAction action) {
    latestActionByList.merge(
        action.listId(),
        action,
        (kept, next) -> Overrides.LATEST_LAST.compare(next, kept) >= 0 ? next : kept);
  }

  List<ListAction> listActions() {
    return new ArrayList<>(latestActionByList.values());
  }

  /**
   * Whether an event id was not seen within {@code horizon} of the contact's latest event (in its
   * own event time, whatever the order of arrival across contacts); records it if not.
   */
  boolean firstSighting(String eventId, long time, long horizon) {
    latestEventTime = Math.max(latestEventTime, time);
    recentEventIds.values().removeIf(seen -> seen < latestEventTime - horizon);
    if (time < latestEventTime - horizon) {
      return true; // too old to tell a redelivery from a late event: it counts
    }
    return recentEventIds.putIfAbsent(eventId, time) == null;
  }

  /**
   * The profile part: the profile, the company and the list actions, which change only with those
   * inputs (written then, not on every event).
   */
  byte[] profileBytes() {
    StateBytes.Writer out = StateBytes.writer(512);
    out.writeLong(contactTime);
    out.writeLong(companyTime);
    writeBytes(out, contact == null ? null : WireFormat.encode(contact));
    writeBytes(out, company == null ? null : WireFormat.encode(company));
    out.writeInt(latestActionByList.size());
    for (ListAction action : latestActionByList.values()) {
      writeBytes(out, WireFormat.encode(action));
    }
    return out.toByteArray();
  }

  /** The rest: the clock, the features, recent event ids and the memberships. */
  byte[] activityBytes() {
    StateBytes.Writer out = StateBytes.writer(4096);
    try {
      out.writeLong(clock);
      out.writeLong(timer);
      out.writeLong(nextChange);
      out.writeLong(latestEventTime);
      int length = out.reserveInt();
      features.writeTo(out);
      out.patchInt(length, out.size() - length - 4);
      out.writeInt(recentEventIds.size());
      for (Map.Entry<String, Long> seen : recentEventIds.entrySet()) {
        out.writeUTF(seen.getKey());
        out.writeLong(seen.getValue());
      }
      out.writeInt(members.size());
      for (Map.Entry<String, Member> member : members.entrySet()) {
        out.writeUTF(member.getKey());
        out.writeByte(member.getValue().reason().ordinal());
        out.writeLong(member.getValue().enteredAt());
        out.writeBoolean(member.getValue().contactable());
        out.writeBoolean(member.getValue().identified());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Reads {@link #profileBytes()} and {@link #activityBytes()}, either null when never written. */
  static ContactState fromBytes(WireFormat.Decoders decoders, byte[] profile, byte[] activity) {
    ContactState state = new ContactState();
    try {
      if (profile != null) {
        state.readProfile(decoders, StateBytes.reader(profile));
      }
      if (activity != null) {
        state.readActivity(StateBytes.reader(activity));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable contact state", e);
    }
    return state;
  }

  private void readProfile(WireFormat.Decoders decoders, StateBytes.Reader in) throws IOException {
    contactTime = in.readLong();
    companyTime = in.readLong();
    byte[] contactBytes = readBytes(in);
    if (contactBytes != null) {
      contact = AvroRecords.fromAvro(decoders.contact(contactBytes));
    }
    byte[] companyBytes = readBytes(in);
    if (companyBytes != null) {
      company = AvroRecords.fromAvro(decoders.company(companyBytes));
    }
    for (int i = in.readInt(); i > 0; i--) {
      ListAction action = AvroRecords.fromAvro(decoders.listAction(readBytes(in)));
      latestActionByList.put(action.listId(), action);
    }
  }

  private void readActivity(StateBytes.Reader in) throws IOException {
    clock = in.readLong();
    timer = in.readLong();
    nextChange = in.readLong();
    latestEventTime = in.readLong();
    features = FeatureState.readFrom(in.slice(in.readInt()));
    for (int i = in.readInt(); i > 0; i--) {
      recentEventIds.put(in.readUTF(), in.readLong());
    }
    Membership.Reason[] reasons = Membership.Reason.values();
    for (int i = in.readInt(); i > 0; i--) {
      String segment = in.readUTF();
      members.put(
          segment,
          new Member(reasons[in.readByte()], in.readLong(), in.readBoolean(), in.readBoolean()));
    }
  }

  private static void writeBytes(StateBytes.Writer out, byte[] bytes) {
    out.writeInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  private static byte[] readBytes(StateBytes.Reader in) throws IOException {
    int length = in.readInt();
    return length < 0 ? null : in.readBytes(length);
  }
}
