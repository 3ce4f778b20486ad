package io.segmentflow.segments.model;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A node of a dynamic segment's filter tree. A contact is in the segment when the root holds for it
 * as of the evaluation time (before overrides: see {@link SegmentDefinition}).
 */
public sealed interface Condition extends Serializable {

  /**
   * The conditions under this one that are not groups or negations (field, tag, behaviour and
   * membership conditions), depth first, left to right; the condition itself when it is one.
   */
  default Stream<Condition> leaves() {
    if (this instanceof AllOf all) {
      return all.conditions().stream().flatMap(Condition::leaves);
    }
    if (this instanceof AnyOf any) {
      return any.conditions().stream().flatMap(Condition::leaves);
    }
    if (this instanceof Not not) {
      return not.condition().leaves();
    }
    return Stream.of(this);
  }

  /** Holds when every child holds (AND). */
  record AllOf(List<Condition> conditions) implements Condition {
    public AllOf {
      conditions = List.copyOf(conditions);
    }
  }

  /** Holds when at least one child holds (OR). */
  record AnyOf(List<Condition> conditions) implements Condition {
    public AnyOf {
      conditions = List.copyOf(conditions);
    }
  }

  /** Holds when its child does not. */
  record Not(Condition condition) implements Condition {}

  /** A contact, company, custom or derived field compared with an operator. */
  record FieldCondition(FieldRef field, Comparison comparison) implements Condition {}

  /**
   * The contact's tags, compared case-insensitively: {@code has_any} of the given tags, {@code
   * has_all} of them, or {@code has_none} of them (true for a contact without tags).
   */
  record TagCondition(Match match, Set<String> lowerCasedTags) implements Condition {
    public enum Match {
      HAS_ANY,
      HAS_ALL,
      HAS_NONE
    }

    public TagCondition {
      lowerCasedTags = Set.copyOf(lowerCasedTags);
    }

    public boolean holds(Set<String> lowerCasedContactTags) {
      return switch (match) {
        case HAS_ANY -> lowerCasedTags.stream().anyMatch(lowerCasedContactTags::contains);
        case HAS_ALL -> lowerCasedContactTags.containsAll(lowerCasedTags);
        case HAS_NONE -> lowerCasedTags.stream().noneMatch(lowerCasedContactTags::contains);
      };
    }
  }

  /**
   * The contact's events of one type, those whose properties satisfy every {@code where} condition,
   * inside the window, measured. Events with the same id count once; events after the evaluation
   * time are ignored.
   */
  record BehaviorCondition(
      String eventType, List<PropertyCondition> where, Window window, Measure measure)
      implements Condition {
    public BehaviorCondition {
      where = List.copyOf(where);
    }
  }

  /** An event property compared with an operator, with the semantics of field conditions. */
  record PropertyCondition(String property, ValueType type, Comparison comparison)
      implements Serializable {}

  /**
   * Membership of another segment or static list, as evaluated (overrides included) at the same
   * evaluation time: {@code in_segment} or {@code not_in_segment}.
   */
  record MembershipCondition(String segmentId, boolean member) implements Condition {}
}
