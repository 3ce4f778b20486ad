package io.segmentflow.segments.generate;

import static io.segmentflow.segments.generate.Draw.any;
import static io.segmentflow.segments.generate.Draw.chance;

import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.data.ListAction.Source;
import io.segmentflow.segments.data.ListAction.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The list actions of one contact: adds to and removes from static lists, and manual overrides of
 * dynamic segments. A few contacts get two contradicting actions at the same millisecond.
 */
final class ListActionHistory {

  private static final double SHARE_WITH_ACTIONS = 0.25;
  private static final double SAME_INSTANT_SHARE = 0.05;

  private record StaticList(String id, List<Source> sources) {}

  private static final List<StaticList> STATIC_LISTS =
      List.of(
          new StaticList("customers", List.of(Source.API, Source.CSV_IMPORT)),
          new StaticList("newsletter-import", List.of(Source.CSV_IMPORT, Source.FORM_ACTION)),
          new StaticList("vip-list", List.of(Source.MANUAL)));

  private static final List<Source> OVERRIDE_SOURCES =
      List.of(Source.MANUAL, Source.API, Source.CAMPAIGN_ACTION, Source.POINT_TRIGGER);
  private static final Weighted<Type> OVERRIDES =
      new Weighted<Type>().add(Type.INCLUDE, 45).add(Type.EXCLUDE, 40).add(Type.CLEAR_OVERRIDE, 15);

  private record Planned(String listId, Type type, Source source, Instant at) {}

  private final List<String> overrideSegmentIds;
  private final Instant asOf;

  ListActionHistory(List<String> overrideSegmentIds, Instant asOf) {
    this.overrideSegmentIds = overrideSegmentIds;
    this.asOf = asOf;
  }

  /** The contact's actions in time order, between {@code from} and the evaluation time. */
  List<ListAction> of(SplittableRandom random, String contactId, String number, Instant from) {
    if (!chance(random, SHARE_WITH_ACTIONS)) {
      return List.of();
    }
    List<Planned> planned = new ArrayList<>();
    for (int count = 1 + random.nextInt(4); count > 0; count--) {
      planned.add(plan(random, from));
    }
    if (chance(random, SAME_INSTANT_SHARE)) {
      Planned first = planned.get(0);
      planned.add(new Planned(first.listId(), opposite(first.type()), first.source(), first.at()));
    }
    planned.sort(Comparator.comparing(Planned::at));
    List<ListAction> actions = new ArrayList<>(planned.size());
    for (Planned action : planned) {
      actions.add(
          new ListAction(
              "a-" + number + "-" + Draw.padded(actions.size() + 1, 2),
              contactId,
              action.listId(),
              action.type(),
              action.source(),
              action.at()));
    }
    return actions;
  }

  private Planned plan(SplittableRandom random, Instant from) {
    Instant at = Draw.between(random, from, asOf);
    if (overrideSegmentIds.isEmpty() || chance(random, 0.6)) {
      StaticList list = any(random, STATIC_LISTS);
      Type type = chance(random, 0.8) ? Type.ADD : Type.REMOVE;
      return new Planned(list.id(), type, any(random, list.sources()), at);
    }
    return new Planned(
        any(random, overrideSegmentIds), OVERRIDES.draw(random), any(random, OVERRIDE_SOURCES), at);
  }

  private static Type opposite(Type type) {
    return switch (type) {
      case ADD -> Type.REMOVE;
      case REMOVE -> Type.ADD;
      case INCLUDE, CLEAR_OVERRIDE -> Type.EXCLUDE;
      case EXCLUDE -> Type.INCLUDE;
    };
  }
}
