package io.segmentflow.batch.publish;

import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.schemas.ContactSnapshot;
import io.segmentflow.schemas.Membership;
import io.segmentflow.schemas.MembershipReason;
import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.eval.EventFeatures;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.FeatureState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.sql.Row;

/**
 * One contact's {@link ContactSnapshot}, in a Spark task, from its row of the hand-over's joins
 * ({@code contact_id, contact, company, list_actions, memberships}, absent for a contact with
 * events only) and its events ({@code contact_id, event}, the event null when no feature reads its
 * type): the events, one per event id as the core keeps them ({@link EventFeatures#distinct}), are
 * added to an empty {@link FeatureState} of the plan, which is then pruned at the run's evaluation
 * time. The snapshot comes out in Avro's binary encoding, ready to append to a container file.
 */
final class SnapshotFold implements CoGroupFunction<String, Row, Row, byte[]> {

  private static final long serialVersionUID = 1L;

  private final ShippedDefinitions definitions;
  private final Instant asOf;
  private transient SpecificDatumWriter<ContactSnapshot> writer;
  private transient BinaryEncoder encoder;

  SnapshotFold(ShippedDefinitions definitions, Instant asOf) {
    this.definitions = definitions;
    this.asOf = asOf;
  }

  @Override
  public Iterator<byte[]> call(String contactId, Iterator<Row> profiles, Iterator<Row> events) {
    Row profile = profiles.hasNext() ? profiles.next() : null;
    if (profiles.hasNext()) {
      throw new IllegalStateException(
          "contact " + contactId + " has two rows in the contacts table: its ids must be unique");
    }
    List<Event> contactEvents = new ArrayList<>();
    while (events.hasNext()) {
      Row event = events.next().getAs("event");
      if (event != null) {
        contactEvents.add(Rows.toEvent(event));
      }
    }
    return List.of(encode(snapshot(contactId, profile, contactEvents))).iterator();
  }

  private ContactSnapshot snapshot(String contactId, Row profile, List<Event> events) {
    FeaturePlan plan = definitions.plan();
    FeatureState state = FeatureState.empty();
    for (Event event : EventFeatures.distinct(events)) {
      state.add(plan, event);
    }
    state.prune(plan, asOf);
    ContactSnapshot.Builder snapshot =
        ContactSnapshot.newBuilder()
            .setContactId(contactId)
            .setAsOf(asOf)
            .setFeatureState(ByteBuffer.wrap(state.toBytes()))
            .setContact(null)
            .setCompany(null)
            .setListActions(List.of())
            .setMemberships(List.of());
    if (profile == null) {
      return snapshot.build();
    }
    Row contact = profile.getAs("contact");
    Row company = profile.getAs("company");
    if (contact != null) {
      snapshot.setContact(AvroRecords.toAvro(Rows.toContact(contact)));
    }
    if (company != null) {
      snapshot.setCompany(AvroRecords.toAvro(Rows.toCompany(company)));
    }
    List<io.segmentflow.schemas.ListAction> actions = new ArrayList<>();
    for (Row action : rows(profile, "list_actions")) {
      actions.add(AvroRecords.toAvro(Rows.toListAction(action)));
    }
    List<Membership> memberships = new ArrayList<>();
    for (Row member : rows(profile, "memberships")) {
      memberships.add(
          Membership.newBuilder()
              .setSegmentId(member.getAs("segment_id"))
              .setContactId(member.getAs("contact_id"))
              .setEnteredAt(member.<java.sql.Timestamp>getAs("entered_at").toInstant())
              .setReason(MembershipReason.valueOf(member.getAs("reason")))
              .setContactable(member.<Boolean>getAs("contactable"))
              .setIdentified(member.<Boolean>getAs("identified"))
              .build());
    }
    return snapshot.setListActions(actions).setMemberships(memberships).build();
  }

  private static List<Row> rows(Row profile, String field) {
    int index = profile.fieldIndex(field);
    return profile.isNullAt(index) ? List.of() : profile.getList(index);
  }

  private byte[] encode(ContactSnapshot snapshot) {
    if (writer == null) {
      writer = new SpecificDatumWriter<>(ContactSnapshot.class);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
    try {
      writer.write(snapshot, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory", e);
    }
    return bytes.toByteArray();
  }
}
