package io.segmentflow.streaming.evaluate;

import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.eval.FeatureState;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.eval.Overrides;
import io.segmentflow.streaming.input.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
 * the contact's clock. Stored as one value per contact (one read and one write per input), in a
 * compact binary form.
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

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(clock);
      out.writeLong(timer);
      out.writeLong(contactTime);
      out.writeLong(companyTime);
      out.writeLong(latestEventTime);
      writeBytes(out, contact == null ? null : WireFormat.encode(contact));
      writeBytes(out, company == null ? null : WireFormat.encode(company));
      out.writeInt(latestActionByList.size());
      for (ListAction action : latestActionByList.values()) {
        writeBytes(out, WireFormat.encode(action));
      }
      writeBytes(out, features.toBytes());
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
    return bytes.toByteArray();
  }

  static ContactState fromBytes(byte[] bytes) {
    ContactState state = new ContactState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      state.clock = in.readLong();
      state.timer = in.readLong();
      state.contactTime = in.readLong();
      state.companyTime = in.readLong();
      state.latestEventTime = in.readLong();
      byte[] contact = readBytes(in);
      if (contact != null) {
        state.contact =
            AvroRecords.fromAvro(io.segmentflow.schemas.Contact.fromByteBuffer(wrap(contact)));
      }
      byte[] company = readBytes(in);
      if (company != null) {
        state.company =
            AvroRecords.fromAvro(io.segmentflow.schemas.Company.fromByteBuffer(wrap(company)));
      }
      for (int i = in.readInt(); i > 0; i--) {
        ListAction action =
            AvroRecords.fromAvro(
                io.segmentflow.schemas.ListAction.fromByteBuffer(wrap(readBytes(in))));
        state.latestActionByList.put(action.listId(), action);
      }
      state.features = FeatureState.fromBytes(readBytes(in));
      for (int i = in.readInt(); i > 0; i--) {
        state.recentEventIds.put(in.readUTF(), in.readLong());
      }
      Membership.Reason[] reasons = Membership.Reason.values();
      for (int i = in.readInt(); i > 0; i--) {
        String segment = in.readUTF();
        state.members.put(
            segment,
            new Member(reasons[in.readByte()], in.readLong(), in.readBoolean(), in.readBoolean()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable contact state", e);
    }
    return state;
  }

  private static java.nio.ByteBuffer wrap(byte[] bytes) {
    return java.nio.ByteBuffer.wrap(bytes);
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
