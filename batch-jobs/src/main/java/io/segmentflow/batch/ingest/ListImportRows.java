package io.segmentflow.batch.ingest;

import io.segmentflow.segments.data.ListAction;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The rows of a marketer's list import: a CSV with a header that has an {@code email} or a {@code
 * contact_id} column (or both: a row's contact_id wins over its email), and optionally an {@code
 * action} column, {@code add} or {@code remove} ({@code add} when absent or empty). Other columns,
 * such as names exported with the emails, are ignored. Column names are matched without regard to
 * case or surrounding spaces.
 */
final class ListImportRows implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * One row: a contact id, or else an email to look up.
   *
   * @param contactId the contact's id, or null when the row names it by email
   * @param email the email to find the contact by, or null
   */
  record Entry(String contactId, String email, ListAction.Type type) {}

  private final int columns;
  private final int contactIdColumn;
  private final int emailColumn;
  private final int actionColumn;

  private ListImportRows(int columns, int contactIdColumn, int emailColumn, int actionColumn) {
    this.columns = columns;
    this.contactIdColumn = contactIdColumn;
    this.emailColumn = emailColumn;
    this.actionColumn = actionColumn;
  }

  /**
   * The reader of a file with this header.
   *
   * @throws IllegalArgumentException when the header has neither email nor contact_id
   */
  static ListImportRows forHeader(String source, List<String> header) {
    List<String> names = CsvContacts.normalized(header);
    int contactId = names.indexOf("contact_id");
    int email = names.indexOf("email");
    if (contactId < 0 && email < 0) {
      throw new IllegalArgumentException(
          source
              + ": a list import names its contacts in an email or a contact_id column, and the"
              + " header has neither: "
              + String.join(", ", names));
    }
    for (String column : List.of("contact_id", "email", "action")) {
      if (names.indexOf(column) != names.lastIndexOf(column)) {
        throw new IllegalArgumentException(
            source + ": the header names column '" + column + "' twice");
      }
    }
    return new ListImportRows(names.size(), contactId, email, names.indexOf("action"));
  }

  /**
   * The entry of one row.
   *
   * @throws IllegalArgumentException saying what is wrong with the row
   */
  Entry read(List<String> values) {
    if (values.size() != columns) {
      throw new IllegalArgumentException(
          "expected " + columns + " values, one per column of the header, got " + values.size());
    }
    String contactId = cell(values, contactIdColumn);
    String email = cell(values, emailColumn);
    if (contactId == null && email == null) {
      throw new IllegalArgumentException(
          "no "
              + (contactIdColumn < 0
                  ? "email"
                  : emailColumn < 0 ? "contact_id" : "contact_id or email")
              + " on this row");
    }
    String action = cell(values, actionColumn);
    ListAction.Type type;
    if (action == null || action.equalsIgnoreCase("add")) {
      type = ListAction.Type.ADD;
    } else if (action.equalsIgnoreCase("remove")) {
      type = ListAction.Type.REMOVE;
    } else {
      throw new IllegalArgumentException("action: expected add or remove, got '" + action + "'");
    }
    return new Entry(contactId, contactId == null ? email : null, type);
  }

  /**
   * The id of the list action of one row: the same file (by name) imported again into the same list
   * gives the same ids, so it lands nothing new; a changed row gives a new id.
   */
  static String actionId(String fileName, String listId, long line, String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : List.of(fileName, listId, Long.toString(line), text)) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return "csv-import-" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String cell(List<String> values, int column) {
    if (column < 0 || values.get(column) == null) {
      return null;
    }
    String cell = values.get(column).trim();
    return cell.isEmpty() ? null : cell;
  }
}
