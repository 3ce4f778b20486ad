package io.segmentflow.segments.eval;

import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which segments one input can change, so that a streaming engine re-evaluates only those: an
 * event, the segments whose filter reads a feature of its type (a behaviour condition on the type,
 * or the engagement level for its event types); a list action, the segment of its list (a static
 * list's membership, a dynamic segment's include or exclude); each with every segment that depends
 * on them, directly or not. A change of the profile or the company can change any segment.
 *
 * <p>This holds while time alone changes nothing: from the instant {@link TimeTriggers#nextChange}
 * gives, every segment must be evaluated again. Sets are computed once per definition set.
 */
public final class AffectedSegments {

  private final List<SegmentDefinition> evaluationOrder;
  private final Map<String, List<SegmentDefinition>> byEventType = new HashMap<>();
  private final Map<String, List<SegmentDefinition>> bySegment = new HashMap<>();

  public AffectedSegments(DefinitionSet set) {
    evaluationOrder = set.inEvaluationOrder();
    Map<String, Set<String>> dependents = new HashMap<>();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      for (String dependency : set.dependenciesOf(definition.id())) {
        dependents.computeIfAbsent(dependency, id -> new LinkedHashSet<>()).add(definition.id());
      }
    }
    Map<String, Set<String>> readersByEventType = new HashMap<>();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      bySegment.put(definition.id(), withDependents(Set.of(definition.id()), dependents));
      for (FeatureSpec spec : FeaturePlan.featuresReadBy(definition)) {
        readersByEventType
            .computeIfAbsent(spec.eventType(), t -> new LinkedHashSet<>())
            .add(definition.id());
      }
    }
    readersByEventType.forEach(
        (type, readers) -> byEventType.put(type, withDependents(readers, dependents)));
  }

  /**
   * The segments an event of this type can change, in evaluation order; empty when no segment reads
   * the type.
   */
  public List<SegmentDefinition> ofEvent(String eventType) {
    return byEventType.getOrDefault(eventType, List.of());
  }

  /**
   * The segments a list action on this list can change, in evaluation order; empty when no segment
   * has its id.
   */
  public List<SegmentDefinition> ofListAction(String listId) {
    return bySegment.getOrDefault(listId, List.of());
  }

  /** Every list {@link #ofEvent} and {@link #ofListAction} give, each once. */
  Set<List<SegmentDefinition>> lists() {
    Set<List<SegmentDefinition>> lists = Collections.newSetFromMap(new IdentityHashMap<>());
    lists.addAll(byEventType.values());
    lists.addAll(bySegment.values());
    return lists;
  }

  /** The segments and those that depend on them, directly or not, in evaluation order. */
  private List<SegmentDefinition> withDependents(
      Set<String> segments, Map<String, Set<String>> dependents) {
    Set<String> closed = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(segments);
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (closed.add(next)) {
        pending.addAll(dependents.getOrDefault(next, Set.of()));
      }
    }
    return evaluationOrder.stream().filter(d -> closed.contains(d.id())).toList();
  }
}
