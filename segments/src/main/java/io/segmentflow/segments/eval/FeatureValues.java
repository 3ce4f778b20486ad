package io.segmentflow.segments.eval;

import java.util.Arrays;

/**
 * One contact's values of a {@link FeaturePlan}'s features, as of an evaluation time, in the plan's
 * order. Each engine computes them its own way; the evaluator reads them the same way.
 */
public final class FeatureValues {

  private final FeaturePlan plan;
  private final Object[] values;

  public FeatureValues(FeaturePlan plan, Object[] values) {
    if (values.length != plan.size()) {
      throw new IllegalArgumentException(
          "expected " + plan.size() + " feature values, got " + values.length);
    }
    this.plan = plan;
    this.values = values.clone();
  }

  public Object get(FeatureSpec spec) {
    return values[plan.indexOf(spec)];
  }

  public Object get(int index) {
    return values[index];
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
