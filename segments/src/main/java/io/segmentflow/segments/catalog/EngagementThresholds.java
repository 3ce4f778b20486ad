package io.segmentflow.segments.catalog;

import io.segmentflow.segments.model.RelativeSpan;
import io.segmentflow.segments.model.ValuePredicate;
import io.segmentflow.segments.model.WindowUnit;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * When a contact's latest email open, email click or page visit is in the last {@code engagedDays}
 * days (with {@link RelativeSpan}'s boundaries, UTC days) it is {@code engaged}; else in the last
 * {@code recentDays}, {@code recent_activity}; else in the last {@code disengagedDays}, {@code
 * disengaged}; else, or never, {@code inactive}. Thresholds grow and stay within the longest day
 * window (3660 days).
 */
public record EngagementThresholds(int engagedDays, int recentDays, int disengagedDays)
    implements Serializable {

  public static final EngagementThresholds DEFAULT = new EngagementThresholds(7, 30, 90);

  public static final String ENGAGED = "engaged";
  public static final String RECENT_ACTIVITY = "recent_activity";
  public static final String DISENGAGED = "disengaged";
  public static final String INACTIVE = "inactive";

  public EngagementThresholds {
    if (engagedDays < 1
        || recentDays <= engagedDays
        || disengagedDays <= recentDays
        || disengagedDays > WindowUnit.DAYS.maxAmount()) {
      throw new IllegalArgumentException(
          "engagement thresholds must grow within the longest window: 1 <= engaged < recent <"
              + " disengaged <= "
              + WindowUnit.DAYS.maxAmount()
              + " days, got "
              + engagedDays
              + ", "
              + recentDays
              + ", "
              + disengagedDays);
    }
  }

  public RelativeSpan engaged() {
    return days(engagedDays);
  }

  public RelativeSpan recent() {
    return days(recentDays);
  }

  public RelativeSpan disengaged() {
    return days(disengagedDays);
  }

  private static RelativeSpan days(int days) {
    return new RelativeSpan(days, WindowUnit.DAYS, ZoneOffset.UTC);
  }

  /** The level of a contact whose latest activity was at {@code lastActivity} (null: never). */
  public String levelOf(Instant lastActivity, Instant asOf) {
    if (lastActivity == null) {
      return INACTIVE;
    }
    if (!lastActivity.isBefore(engaged().lastStart(asOf))) {
      return ENGAGED;
    }
    if (!lastActivity.isBefore(recent().lastStart(asOf))) {
      return RECENT_ACTIVITY;
    }
    if (!lastActivity.isBefore(disengaged().lastStart(asOf))) {
      return DISENGAGED;
    }
    return INACTIVE;
  }

  /**
   * The first instant after {@code asOf} at which {@link #levelOf} the same latest activity
   * changes, or null when it never will: the activity's day leaving the engaged, the recent, then
   * the disengaged span.
   */
  public Instant nextChange(Instant lastActivity, Instant asOf) {
    if (lastActivity == null) {
      return null;
    }
    return ValuePredicate.TimePredicate.firstAfter(
        asOf,
        engaged().leavesLastAt(lastActivity),
        recent().leavesLastAt(lastActivity),
        disengaged().leavesLastAt(lastActivity));
  }
}
