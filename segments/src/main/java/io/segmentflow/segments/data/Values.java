package io.segmentflow.segments.data;

import io.segmentflow.segments.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns raw input (JSON, CSV text, Avro) into the Java type of a {@link ValueType}, or says why it
 * cannot. Timestamps are truncated to milliseconds. Numbers become exact decimals: a double is read
 * through its shortest decimal representation ({@link BigDecimal#valueOf(double)}), so 19.99 stays
 * 19.99 in every engine.
 */
public final class Values {

  /** Numbers have at most this many digits before the decimal point... */
  public static final int MAX_INTEGER_DIGITS = 20;

  /** ...and this many after it: what every engine can hold exactly (Spark's decimal(38,18)). */
  public static final int MAX_FRACTION_DIGITS = 18;

  private Values() {}

  /** Why a number cannot be held exactly by every engine, or empty when it can. */
  public static Optional<String> outOfBounds(BigDecimal number) {
    BigDecimal stripped = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
    int fractionDigits = Math.max(stripped.scale(), 0);
    int integerDigits = Math.max(stripped.precision() - stripped.scale(), 0);
    if (integerDigits > MAX_INTEGER_DIGITS || fractionDigits > MAX_FRACTION_DIGITS) {
      return Optional.of(
          "numbers have at most "
              + MAX_INTEGER_DIGITS
              + " digits before the decimal"
              + " point and "
              + MAX_FRACTION_DIGITS
              + " after it, got "
              + number.toPlainString());
    }
    return Optional.empty();
  }

  /**
   * The raw value as {@code type}'s Java type; null stays null.
   *
   * @throws IllegalArgumentException saying what was expected and what was found
   */
  public static Object coerce(Object raw, ValueType type) {
    if (raw == null) {
      return null;
    }
    try {
      Object value = convert(raw, type);
      if (value instanceof BigDecimal number) {
        outOfBounds(number)
            .ifPresent(
                problem -> {
                  throw new IllegalArgumentException(problem);
                });
      }
      if (value != null) {
        return value;
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // reported below with the expected type
    }
    throw new IllegalArgumentException(
        "expected "
            + describe(type)
            + ", got "
            + raw.getClass().getSimpleName()
            + " '"
            + raw
            + "'");
  }

  /**
   * Named values (custom fields, event properties) typed by {@code declared}; a name it does not
   * declare keeps the type of its value ({@link #typeOf}). Null values are left out: null and
   * absent are the same. Every reader of input records types them this way.
   *
   * @param field the name of the map in the record, for messages: {@code properties}
   * @throws IllegalArgumentException naming the value at fault, {@code properties.amount: ...}
   */
  public static Map<String, Object> typed(
      String field, Map<String, ?> raw, Map<String, ValueType> declared) {
    Map<String, Object> typed = new HashMap<>();
    raw.forEach(
        (name, value) -> {
          if (value != null) {
            ValueType type = declared.getOrDefault(name, typeOf(value));
            typed.put(name, coerce(field + "." + name, value, type));
          }
        });
    return typed;
  }

  /**
   * {@link #coerce(Object, ValueType)} with the name of the value in the message.
   *
   * @throws IllegalArgumentException {@code name: expected ..., got ...}
   */
  public static Object coerce(String name, Object raw, ValueType type) {
    try {
      return coerce(raw, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  /**
   * The id, when it is a non-blank text.
   *
   * @throws IllegalArgumentException {@code name: required, expected a non-blank text}
   */
  static String nonBlankId(String name, String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(name + ": required, expected a non-blank text");
    }
    return id;
  }

  private static Object convert(Object raw, ValueType type) {
    return switch (type) {
      case TEXT -> raw instanceof String ? raw : null;
      case NUMBER -> number(raw);
      case BOOLEAN -> {
        if (raw instanceof Boolean) {
          yield raw;
        }
        yield raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
            ? Boolean.valueOf(s)
            : null;
      }
      case TIMESTAMP -> {
        Instant instant = null;
        if (raw instanceof Instant given) {
          instant = given;
        } else if (raw instanceof Long || raw instanceof Integer) {
          instant = Instant.ofEpochMilli(((Number) raw).longValue());
        } else if (raw instanceof String s) {
          instant = Instant.parse(s);
        }
        // Times are milliseconds everywhere (the Avro schemas, window boundaries, both engines).
        yield instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
      }
      case DATE -> {
        if (raw instanceof LocalDate) {
          yield raw;
        }
        yield raw instanceof String s ? LocalDate.parse(s) : null;
      }
      case TEXT_LIST -> {
        if (!(raw instanceof List<?> list)) {
          yield null;
        }
        List<String> texts = new ArrayList<>();
        for (Object element : list) {
          if (!(element instanceof String text)) {
            yield null;
          }
          texts.add(text);
        }
        yield List.copyOf(texts);
      }
    };
  }

  private static BigDecimal number(Object raw) {
    if (raw instanceof BigDecimal decimal) {
      return decimal;
    }
    if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    }
    if (raw instanceof Number n) {
      return BigDecimal.valueOf(n.longValue());
    }
    return raw instanceof String s ? new BigDecimal(s.trim()) : null;
  }

  /**
   * The value when it already is {@code type}'s Java type, else null: a mistyped value is missing.
   */
  public static Object ofType(Object value, ValueType type) {
    boolean matches =
        switch (type) {
          case TEXT -> value instanceof String;
          case NUMBER -> value instanceof BigDecimal;
          case BOOLEAN -> value instanceof Boolean;
          case TIMESTAMP -> value instanceof Instant;
          case DATE -> value instanceof LocalDate;
          case TEXT_LIST -> value instanceof List<?>;
        };
    return matches ? value : null;
  }

  /** The type of a value already converted, for values no catalog declares. */
  public static ValueType typeOf(Object value) {
    if (value instanceof BigDecimal) {
      return ValueType.NUMBER;
    }
    if (value instanceof Boolean) {
      return ValueType.BOOLEAN;
    }
    if (value instanceof Instant) {
      return ValueType.TIMESTAMP;
    }
    if (value instanceof LocalDate) {
      return ValueType.DATE;
    }
    if (value instanceof List<?>) {
      return ValueType.TEXT_LIST;
    }
    return ValueType.TEXT;
  }

  public static String describe(ValueType type) {
    return switch (type) {
      case TEXT -> "a text";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case TIMESTAMP -> "an ISO-8601 UTC instant such as 2026-11-22T10:00:00Z";
      case DATE -> "an ISO-8601 date such as 2026-11-22";
      case TEXT_LIST -> "a list of texts";
    };
  }
}
