package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.ListAction;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest explicit action per list or segment for one contact, as of an evaluation time: what
 * static lists consist of and what overrides dynamic segments (see {@link
 * io.segmentflow.segments.model.SegmentDefinition}).
 */
public final class Overrides {

  /** Later time wins; at the same millisecond, the later {@link ListAction.Type} constant wins. */
  public static final Comparator<ListAction> LATEST_LAST =
      Comparator.comparing(ListAction::occurredAt).thenComparing(ListAction::type);

  private final Map<String, ListAction.Type> latestByList;

  private Overrides(Map<String, ListAction.Type> latestByList) {
    this.latestByList = latestByList;
  }

  public static Overrides of(List<ListAction> actions, Instant asOf) {
    Map<String, ListAction> latest = new HashMap<>();
    for (ListAction action : actions) {
      if (!action.occurredAt().isAfter(asOf)) {
        latest.merge(action.listId(), action, (a, b) -> LATEST_LAST.compare(a, b) >= 0 ? a : b);
      }
    }
    Map<String, ListAction.Type> types = new HashMap<>();
    latest.forEach((list, action) -> types.put(list, action.type()));
    return new Overrides(types);
  }

  /** The latest action's type on a list or segment, or null when there was none. */
  public ListAction.Type latest(String listId) {
    return latestByList.get(listId);
  }
}
