package io.segmentflow.streaming.kafka;

import io.segmentflow.streaming.input.Input;
import java.io.Serializable;
import java.util.List;

/**
 * The Kafka topics of the streaming job (docs/streaming.md). Inputs are Avro records of {@code
 * schemas/} in single-object encoding; outputs too, except the membership topic's tombstones.
 *
 * @param prefix prepended to every name, so several environments can share one cluster
 */
public record Topics(String prefix) implements Serializable {

  public static final Topics DEFAULT = new Topics("segmentflow.");

  public String events() {
    return prefix + "events";
  }

  public String contacts() {
    return prefix + "contacts";
  }

  public String companies() {
    return prefix + "companies";
  }

  public String listActions() {
    return prefix + "list-actions";
  }

  /** Segment definitions keyed by segment id; compacted, read from the beginning at every start. */
  public String definitions() {
    return prefix + "definitions";
  }

  /** Entries and exits, keyed by segment and contact; written in Kafka transactions. */
  public String changes() {
    return prefix + "membership-changes";
  }

  /** Current members, keyed by segment and contact, compacted: a tombstone on exit. */
  public String memberships() {
    return prefix + "memberships";
  }

  /** Records that could not be decoded or validated, with the reason and the original bytes. */
  public String deadLetters() {
    return prefix + "dead-letters";
  }

  public List<String> contactInputs() {
    return List.of(events(), contacts(), companies(), listActions());
  }

  public List<String> all() {
    return List.of(
        events(),
        contacts(),
        companies(),
        listActions(),
        definitions(),
        changes(),
        memberships(),
        deadLetters());
  }

  public Input.Kind kindOf(String topic) {
    if (topic.equals(events())) {
      return Input.Kind.EVENT;
    }
    if (topic.equals(contacts())) {
      return Input.Kind.CONTACT;
    }
    if (topic.equals(companies())) {
      return Input.Kind.COMPANY;
    }
    if (topic.equals(listActions())) {
      return Input.Kind.LIST_ACTION;
    }
    throw new IllegalArgumentException("not an input topic: " + topic);
  }
}
