package io.segmentflow.batch.ingest;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Values;
import io.segmentflow.segments.model.ValueType;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Contacts from a CSV whose header names contact fields: {@code contact_id} (required), the other
 * standard fields of {@link Catalog#CONTACT_FIELDS}, {@code tags}, and {@code custom.NAME} for each
 * custom field the catalog declares. Column names are matched without regard to case or surrounding
 * spaces; a column may come in any order and only {@code contact_id} is required.
 *
 * <p>Each row is a contact's whole profile, as a JSON line is: a column the header does not have,
 * or an empty cell, is a missing value. Values are trimmed and typed as {@link Values#coerce} types
 * text: timestamps ISO-8601 UTC, dates {@code YYYY-MM-DD}, booleans {@code true}/{@code false},
 * numbers with a decimal point; text lists ({@code tags}, list custom fields) are separated by
 * {@code |}. A row without {@code created_at} or {@code updated_at} gets the time of the ingestion.
 */
final class CsvContacts implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Separates the texts of a text list in one cell: {@code vip|newsletter}. */
  static final String LIST_SEPARATOR = "|";

  private static final Set<String> STANDARD_COLUMNS = standardColumns();

  private final ArrayList<String> columns;
  private final HashMap<String, ValueType> customTypes;

  private CsvContacts(List<String> columns, Map<String, ValueType> customTypes) {
    this.columns = new ArrayList<>(columns);
    this.customTypes = new HashMap<>(customTypes);
  }

  /**
   * The reader of a file with this header.
   *
   * @throws IllegalArgumentException when a column is unknown or repeated or contact_id is missing:
   *     the whole file cannot be read
   */
  static CsvContacts forHeader(String source, List<String> header, Catalog catalog) {
    List<String> columns = normalized(header);
    Map<String, ValueType> customTypes = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (String column : columns) {
      if (!seen.add(column)) {
        throw new IllegalArgumentException(
            source + ": the header names column '" + column + "' twice");
      }
      if (column.startsWith(Catalog.CUSTOM_PREFIX)) {
        String name = column.substring(Catalog.CUSTOM_PREFIX.length());
        ValueType type = catalog.contactCustomFields().get(name);
        if (type == null) {
          throw new IllegalArgumentException(
              source
                  + ": column '"
                  + column
                  + "' is not a custom field of the catalog, which declares "
                  + (catalog.contactCustomFields().isEmpty()
                      ? "none"
                      : String.join(", ", catalog.contactCustomFields().keySet()))
                  + ": declare it in catalog.json or fix the column name");
        }
        customTypes.put(name, type);
      } else if (!STANDARD_COLUMNS.contains(column)) {
        throw new IllegalArgumentException(
            source
                + ": unknown column '"
                + column
                + "': contact columns are "
                + String.join(", ", STANDARD_COLUMNS)
                + ", and custom.NAME for a custom field");
      }
    }
    if (!seen.contains("contact_id")) {
      throw new IllegalArgumentException(
          source + ": the header has no contact_id column: every row needs the contact's id");
    }
    return new CsvContacts(columns, customTypes);
  }

  /**
   * The contact of one row.
   *
   * @param defaultTime the {@code created_at} and {@code updated_at} of a row that gives none
   * @throws IllegalArgumentException naming the column at fault and what was expected
   */
  Contact read(List<String> values, Instant defaultTime) {
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException(
          "expected "
              + columns.size()
              + " values, one per column of the header, got "
              + values.size());
    }
    Map<String, String> cells = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String cell = values.get(i) == null ? "" : values.get(i).trim();
      if (!cell.isEmpty()) {
        cells.put(columns.get(i), cell);
      }
    }
    String contactId = cells.get("contact_id");
    if (contactId == null) {
      throw new IllegalArgumentException("contact_id: required, expected a non-blank text");
    }
    Map<String, Object> custom = new HashMap<>();
    customTypes.forEach(
        (name, type) -> {
          String cell = cells.get(Catalog.CUSTOM_PREFIX + name);
          if (cell != null) {
            custom.put(name, typed(Catalog.CUSTOM_PREFIX + name, cell, type));
          }
        });
    Boolean unsubscribed = (Boolean) typed("unsubscribed", cells, ValueType.BOOLEAN);
    Instant createdAt = (Instant) typed("created_at", cells, ValueType.TIMESTAMP);
    Instant updatedAt = (Instant) typed("updated_at", cells, ValueType.TIMESTAMP);
    @SuppressWarnings("unchecked")
    List<String> tags = (List<String>) typed("tags", cells, ValueType.TEXT_LIST);
    return Contact.builder(contactId)
        .email(cells.get("email"))
        .phone(cells.get("phone"))
        .firstName(cells.get("first_name"))
        .lastName(cells.get("last_name"))
        .country(cells.get("country"))
        .language(cells.get("language"))
        .city(cells.get("city"))
        .createdAt(createdAt == null ? defaultTime : createdAt)
        .updatedAt(updatedAt == null ? defaultTime : updatedAt)
        .tags(tags == null ? List.of() : tags)
        .companyId(cells.get("company_id"))
        .unsubscribed(unsubscribed != null && unsubscribed)
        .marketingConsent((Boolean) typed("marketing_consent", cells, ValueType.BOOLEAN))
        .customFields(custom)
        .build();
  }

  private static Object typed(String column, Map<String, String> cells, ValueType type) {
    String cell = cells.get(column);
    return cell == null ? null : typed(column, cell, type);
  }

  private static Object typed(String column, String cell, ValueType type) {
    if (type == ValueType.TEXT_LIST) {
      return Arrays.stream(cell.split(Pattern.quote(LIST_SEPARATOR)))
          .map(String::trim)
          .filter(text -> !text.isEmpty())
          .toList();
    }
    return Values.coerce(column, cell, type);
  }

  /** Header names as they are matched: trimmed, lower-case. */
  static List<String> normalized(List<String> header) {
    return header.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).toList();
  }

  private static Set<String> standardColumns() {
    Set<String> columns = new java.util.LinkedHashSet<>(Catalog.CONTACT_FIELDS.keySet());
    columns.add("tags");
    return java.util.Collections.unmodifiableSet(columns);
  }
}
