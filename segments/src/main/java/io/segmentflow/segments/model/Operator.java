package io.segmentflow.segments.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The comparison operators of field, property and aggregate conditions.
 *
 * <p>Each negative operator ({@link #NEQ}, {@link #NOT_IN}, {@link #NOT_CONTAINS}, {@link
 * #NOT_EMPTY}) is the exact complement of its positive twin. Because every positive operator is
 * false on a missing value, except {@link #EMPTY}, which is true on it, a negative operator is true
 * on a missing value, except {@code not_empty}.
 */
public enum Operator {
  EQ(types(ValueType.TEXT, ValueType.TEXT_LIST, ValueType.NUMBER, ValueType.BOOLEAN)),
  NEQ(EQ),
  IN(types(ValueType.TEXT, ValueType.TEXT_LIST, ValueType.NUMBER)),
  NOT_IN(IN),
  CONTAINS(types(ValueType.TEXT, ValueType.TEXT_LIST)),
  NOT_CONTAINS(CONTAINS),
  STARTS_WITH(types(ValueType.TEXT, ValueType.TEXT_LIST)),
  ENDS_WITH(types(ValueType.TEXT, ValueType.TEXT_LIST)),
  REGEX(types(ValueType.TEXT, ValueType.TEXT_LIST)),
  EMPTY(EnumSet.allOf(ValueType.class)),
  NOT_EMPTY(EMPTY),
  LT(types(ValueType.NUMBER)),
  LTE(types(ValueType.NUMBER)),
  GT(types(ValueType.NUMBER)),
  GTE(types(ValueType.NUMBER)),
  BETWEEN(types(ValueType.NUMBER, ValueType.TIMESTAMP, ValueType.DATE)),
  BEFORE(types(ValueType.TIMESTAMP, ValueType.DATE)),
  AFTER(types(ValueType.TIMESTAMP, ValueType.DATE)),
  ON(types(ValueType.TIMESTAMP, ValueType.DATE)),
  IN_LAST(types(ValueType.TIMESTAMP, ValueType.DATE)),
  MORE_THAN_AGO(types(ValueType.TIMESTAMP, ValueType.DATE)),
  IN_NEXT(types(ValueType.TIMESTAMP, ValueType.DATE)),
  ANNIVERSARY(types(ValueType.TIMESTAMP, ValueType.DATE)),
  IN_CURRENT(types(ValueType.TIMESTAMP, ValueType.DATE));

  private final Set<ValueType> types;
  private final Operator positive;

  Operator(Set<ValueType> types) {
    this.types = types;
    this.positive = null;
  }

  Operator(Operator positive) {
    this.types = positive.types;
    this.positive = positive;
  }

  private static Set<ValueType> types(ValueType first, ValueType... rest) {
    return EnumSet.of(first, rest);
  }

  /** The name used in definitions: {@code eq}, {@code not_in}, {@code in_last}, ... */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Operator> fromJsonName(String name) {
    return Arrays.stream(values()).filter(op -> op.jsonName().equals(name)).findFirst();
  }

  public boolean isNegative() {
    return positive != null;
  }

  /** The operator whose predicate this one tests: itself, or the twin it negates. */
  public Operator positive() {
    return positive == null ? this : positive;
  }

  public boolean appliesTo(ValueType type) {
    return types.contains(type);
  }

  public static List<String> namesFor(ValueType type) {
    return Arrays.stream(values())
        .filter(op -> op.appliesTo(type))
        .map(Operator::jsonName)
        .toList();
  }
}
