package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.StateBytes;
import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.ValuePredicate.TimePredicate;
import io.segmentflow.segments.model.Window;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One contact's behaviour features as bounded, mergeable state: what a streaming engine keeps
 * instead of the contact's raw events, giving exactly the values {@link EventFeatures#compute}
 * gives from those events, as of any evaluation time it may still be asked about, and saying when
 * time alone will change them ({@link #nextChange}). This is what keeps the stream identical to the
 * nightly batch between two recomputes.
 *
 * <p><b>Cells.</b> Per feature of the plan, the selected events are folded ({@link
 * FeatureSpec#valueOf}, {@link FeatureSpec.Aggregation#combine}) into cells. Whatever does not
 * depend on the evaluation time is decided once, when an event is added: its type, a {@code
 * between} window's bounds, and every {@code where} condition that is not a relative or calendar
 * time operator (with {@link EventFeatures#matches}' rules: a mistyped property is missing). A cell
 * is keyed by
 *
 * <ul>
 *   <li>a time: a <em>pending</em> event keeps its exact time, because events after the evaluation
 *       time are never counted; a <em>settled</em> event (at or before the time the state was
 *       pruned at) goes to the cell of its bucket in a {@code last N units} window, whose
 *       boundaries are whole buckets, so a whole cell is in or out of the window at any later
 *       evaluation time; in an {@code ever} or {@code between} window, to one cell without a time,
 *       as nothing leaves those windows;
 *   <li>the event's values of the properties read by {@code where} conditions that depend on the
 *       evaluation time ({@code in_last}, {@code more_than_ago}, {@code in_next}, {@code
 *       in_current}, {@code anniversary}), which are tested on those values at evaluation time.
 * </ul>
 *
 * <p><b>Bounds.</b> After {@link #prune prune(plan, t)}, a feature holds, per distinct tuple of
 * those time-dependent property values, at most N + 1 settled cells for {@code last N units} (the
 * buckets of t's and the N before it) and one for {@code ever} and {@code between}, plus one
 * pending cell per distinct time after t of the events added. A stream that prunes at its
 * evaluation time therefore holds a fixed number of cells per feature plus the events it received
 * ahead of time. Time-dependent {@code where} conditions multiply that by the distinct values of
 * their properties (cells whose conditions can no longer hold are dropped).
 *
 * <p>Events must be distinct: the caller keeps one record per event id, as {@link EventFeatures}
 * does (the earliest). Not thread-safe; a keyed stream holds one per contact.
 */
public final class FeatureState {

  private static final byte FORMAT = 1;

  /** Cells by {@link FeatureSpec#key()}: a stored state outlives the plan objects. */
  private Map<FeatureKey, Cells> cellsBySpec;

  /** No evaluation will be earlier than this; null before the first prune. */
  private Instant settledUpTo;

  /**
   * A part of one feature's events.
   *
   * @param time a pending event's exact time; a settled event's bucket start in a last-N window;
   *     null for settled events of other windows
   * @param whenValues the events' values of the feature's time-dependent conditions, in order
   */
  private record Cell(boolean settled, Instant time, List<Object> whenValues) {}

  /**
   * One feature's cells and their aggregates, in the order they came: a few per feature, so read
   * from bytes without hashing and found by comparison, with a hash index only for the features of
   * many cells (time-dependent conditions on properties of many values).
   */
  private static final class Cells {
    private static final int INDEXED_FROM = 16;

    private Cell[] cells;
    private Object[] values;
    private int size;
    private Map<Cell, Integer> index;

    Cells(int capacity) {
      cells = new Cell[Math.max(1, capacity)];
      values = new Object[cells.length];
    }

    /** Adds a cell known not to be here yet (reading a stored state). */
    void append(Cell cell, Object value) {
      if (size == cells.length) {
        cells = Arrays.copyOf(cells, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      cells[size] = cell;
      values[size] = value;
      if (index != null) {
        index.put(cell, size);
      }
      size++;
    }

    /** Combines the value into the cell's aggregate, or adds the cell. */
    void merge(Cell cell, Object value, FeatureSpec.Aggregation aggregation) {
      int at = indexOf(cell);
      if (at < 0) {
        append(cell, value);
      } else {
        values[at] = aggregation.combine(values[at], value);
      }
    }

    private int indexOf(Cell cell) {
      if (index == null && size >= INDEXED_FROM) {
        index = new HashMap<>();
        for (int c = 0; c < size; c++) {
          index.put(cells[c], c);
        }
      }
      if (index != null) {
        return index.getOrDefault(cell, -1);
      }
      for (int c = 0; c < size; c++) {
        if (cells[c].equals(cell)) {
          return c;
        }
      }
      return -1;
    }
  }

  private FeatureState(Map<FeatureKey, Cells> cellsBySpec, Instant settledUpTo) {
    this.cellsBySpec = cellsBySpec;
    this.settledUpTo = settledUpTo;
  }

  public static FeatureState empty() {
    return new FeatureState(new HashMap<>(), null);
  }

  /** Adds a distinct event to every feature of the plan that may select it. */
  public void add(FeaturePlan plan, Event event) {
    List<FeatureSpec> specs = plan.specs();
    Instant time = event.occurredAt();
    for (int i = 0; i < specs.size(); i++) {
      FeatureSpec spec = specs.get(i);
      // contains(time, time) is the window's own bounds: a between window's, none for the others.
      if (!spec.eventType().equals(event.eventType())
          || !spec.window().contains(time, time)
          || !EventFeatures.matches(plan.where(i, false), event, time)) {
        continue;
      }
      Object value = spec.valueOf(event);
      if (Objects.equals(value, spec.aggregation().none())) {
        continue; // changes no value: a property-less event of a sum, a minimum, ...
      }
      List<PropertyCondition> timed = plan.where(i, true);
      List<Object> whenValues = timed.isEmpty() ? List.of() : new ArrayList<>(timed.size());
      for (PropertyCondition condition : timed) {
        whenValues.add(EventFeatures.propertyValue(condition, event));
      }
      Cell cell =
          settledUpTo != null && !time.isAfter(settledUpTo)
              ? settledCell(spec, time, whenValues)
              : new Cell(false, time, whenValues);
      if (!countsNeverAgain(spec, timed, cell, settledUpTo)) {
        cellsBySpec
            .computeIfAbsent(plan.key(i), k -> new Cells(4))
            .merge(cell, value, spec.aggregation());
      }
    }
  }

  /**
   * The plan's features as of {@code asOf}: equal to {@link EventFeatures#compute} on the events
   * added.
   *
   * @throws IllegalArgumentException when {@code asOf} is before a time the state was pruned at
   */
  public FeatureValues valuesAt(FeaturePlan plan, Instant asOf) {
    return valuesAt(plan, asOf, null);
  }

  /**
   * The plan's features as of {@code asOf}, only those {@code read} says (by plan index; all when
   * null): the others are left at their value over no events, for an evaluation of segments that do
   * not read them.
   */
  FeatureValues valuesAt(FeaturePlan plan, Instant asOf, boolean[] read) {
    requireNotBeforeSettled(asOf);
    List<FeatureSpec> specs = plan.specs();
    Object[] values = new Object[specs.size()];
    for (int i = 0; i < specs.size(); i++) {
      values[i] = specs.get(i).aggregation().none();
    }
    // A contact has events for a few of the plan's features: visit those only.
    for (Map.Entry<FeatureKey, Cells> cells : cellsBySpec.entrySet()) {
      int i = plan.indexOfKey(cells.getKey());
      if (i < 0 || (read != null && !read[i])) {
        continue;
      }
      FeatureSpec spec = specs.get(i);
      List<PropertyCondition> timed = plan.where(i, true);
      Cells of = cells.getValue();
      for (int c = 0; c < of.size; c++) {
        Cell cell = of.cells[c];
        if (inWindow(spec, cell, asOf) && holds(timed, cell, asOf)) {
          values[i] = spec.aggregation().combine(values[i], of.values[c]);
        }
      }
    }
    return new FeatureValues(plan, values);
  }

  /**
   * The earliest instant after {@code asOf} at which {@link #valuesAt} may differ from its value at
   * {@code asOf} with no new event, or null when it never will: a pending event coming into view at
   * its time, a last-N cell leaving its window ({@link
   * io.segmentflow.segments.model.RelativeSpan#leavesLastAt}), a time-dependent condition flipping
   * ({@link io.segmentflow.segments.model.Comparison#nextChange}).
   *
   * @throws IllegalArgumentException when {@code asOf} is before a time the state was pruned at
   */
  public Instant nextChange(FeaturePlan plan, Instant asOf) {
    return nextChange(plan, asOf, null);
  }

  /** {@link #nextChange(FeaturePlan, Instant)} of the features {@code read} says, all when null. */
  Instant nextChange(FeaturePlan plan, Instant asOf, boolean[] read) {
    requireNotBeforeSettled(asOf);
    Instant next = null;
    for (Map.Entry<FeatureKey, Cells> cells : cellsBySpec.entrySet()) {
      int i = plan.indexOfKey(cells.getKey());
      if (i < 0 || (read != null && !read[i])) {
        continue;
      }
      FeatureSpec spec = plan.specs().get(i);
      List<PropertyCondition> timed = plan.where(i, true);
      Cells of = cells.getValue();
      for (int c = 0; c < of.size; c++) {
        Cell cell = of.cells[c];
        if (cell.time() != null && cell.time().isAfter(asOf)) {
          next = TimePredicate.firstAfter(asOf, next, cell.time());
          continue;
        }
        if (spec.window() instanceof Window.Last last) {
          Instant leaves = last.span().leavesLastAt(cell.time());
          if (!leaves.isAfter(asOf)) {
            continue;
          }
          next = TimePredicate.firstAfter(asOf, next, leaves);
        }
        for (int j = 0; j < timed.size(); j++) {
          Instant flips = timed.get(j).comparison().nextChange(cell.whenValues().get(j), asOf);
          next = TimePredicate.firstAfter(asOf, next, flips);
        }
      }
    }
    return next;
  }

  /**
   * Promises that no evaluation will be earlier than {@code asOf}, which bounds the state: settles
   * the events at or before it into their cells, drops features not in the plan and cells that
   * cannot count at any time from {@code asOf} on (a bucket that has left its last-N window, a
   * time-dependent condition that can no longer hold). {@link #valuesAt} and {@link #nextChange}
   * answer as before for every time from {@code asOf} on, and refuse earlier ones.
   */
  public void prune(FeaturePlan plan, Instant asOf) {
    if (settledUpTo == null || asOf.isAfter(settledUpTo)) {
      settledUpTo = asOf;
    }
    for (var it = cellsBySpec.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<FeatureKey, Cells> cells = it.next();
      int i = plan.indexOfKey(cells.getKey());
      if (i < 0) {
        it.remove(); // a feature no definition reads any more
        continue;
      }
      FeatureSpec spec = plan.specs().get(i);
      List<PropertyCondition> timed = plan.where(i, true);
      Cells of = cells.getValue();
      if (!changesOnPruning(spec, timed, of)) {
        continue; // as it was: most inputs change nothing here
      }
      Cells kept = new Cells(of.size);
      for (int c = 0; c < of.size; c++) {
        Cell cell = of.cells[c];
        Cell now = settles(cell) ? settledCell(spec, cell.time(), cell.whenValues()) : cell;
        if (!countsNeverAgain(spec, timed, now, settledUpTo)) {
          kept.merge(now, of.values[c], spec.aggregation());
        }
      }
      if (kept.size == 0) {
        it.remove();
      } else {
        cells.setValue(kept);
      }
    }
  }

  /**
   * Adds the events of another state, which must be disjoint from this one's (such as a batch
   * hand-over and the events that arrived before it), to the features of the plan. The result
   * answers from the later of the two states' pruning times on.
   */
  public void merge(FeaturePlan plan, FeatureState other) {
    List<FeatureSpec> specs = plan.specs();
    for (int i = 0; i < specs.size(); i++) {
      FeatureSpec spec = specs.get(i);
      Cells theirs = other.cellsBySpec.get(plan.key(i));
      if (theirs != null) {
        Cells mine = cellsBySpec.computeIfAbsent(plan.key(i), k -> new Cells(theirs.size));
        for (int c = 0; c < theirs.size; c++) {
          mine.merge(theirs.cells[c], theirs.values[c], spec.aggregation());
        }
      }
    }
    if (settledUpTo == null
        || (other.settledUpTo != null && other.settledUpTo.isAfter(settledUpTo))) {
      settledUpTo = other.settledUpTo;
    }
  }

  /** How many cells the state holds over all features: its size, for tests and metrics. */
  public int cellCount() {
    return cellsBySpec.values().stream().mapToInt(cells -> cells.size).sum();
  }

  /**
   * A compact binary form for state backends: features by {@link FeatureSpec#key()}, values with
   * exact decimals and instants, prefixed by a format number.
   */
  public byte[] toBytes() {
    StateBytes.Writer out = StateBytes.writer(256);
    writeTo(out);
    return out.toByteArray();
  }

  /** Writes {@link #toBytes()} into a larger binary form. */
  public void writeTo(StateBytes.Writer out) {
    out.writeByte(FORMAT);
    writeValue(out, settledUpTo);
    out.writeInt(cellsBySpec.size());
    for (Map.Entry<FeatureKey, Cells> spec : cellsBySpec.entrySet()) {
      out.writeByte(FeatureKey.LENGTH);
      out.writeLong(spec.getKey().high());
      out.writeLong(spec.getKey().low());
      Cells cells = spec.getValue();
      out.writeInt(cells.size);
      for (int c = 0; c < cells.size; c++) {
        Cell cell = cells.cells[c];
        out.writeBoolean(cell.settled());
        writeValue(out, cell.time());
        out.writeByte(cell.whenValues().size());
        for (Object value : cell.whenValues()) {
          writeValue(out, value);
        }
        writeValue(out, cells.values[c]);
      }
    }
  }

  /**
   * Reads {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a state of this format
   */
  public static FeatureState fromBytes(byte[] bytes) {
    return readFrom(StateBytes.reader(bytes));
  }

  /**
   * Reads {@link #toBytes()} from a reader holding exactly those bytes (a {@link
   * StateBytes.Reader#slice}).
   *
   * @throws IllegalArgumentException when the bytes are not a state of this format
   */
  public static FeatureState readFrom(StateBytes.Reader in) {
    try {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "not a feature state of format " + FORMAT + ": the bytes start with " + format);
      }
      Instant settledUpTo = (Instant) readValue(in);
      int specCount = in.readInt();
      Map<FeatureKey, Cells> cellsBySpec = new HashMap<>(capacity(specCount));
      for (int s = 0; s < specCount; s++) {
        int keyLength = in.readUnsignedByte();
        if (keyLength != FeatureKey.LENGTH) {
          throw new IllegalArgumentException(
              "not a feature state: a key of " + keyLength + " bytes");
        }
        FeatureKey key = new FeatureKey(in.readLong(), in.readLong());
        int cellCount = in.readInt();
        Cells cells = new Cells(cellCount);
        for (int c = 0; c < cellCount; c++) {
          boolean settled = in.readBoolean();
          Instant time = (Instant) readValue(in);
          int whenCount = in.readUnsignedByte();
          List<Object> whenValues = whenCount == 0 ? List.of() : new ArrayList<>(whenCount);
          for (int w = 0; w < whenCount; w++) {
            whenValues.add(readValue(in));
          }
          cells.append(new Cell(settled, time, whenValues), readValue(in));
        }
        cellsBySpec.put(key, cells);
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException(
            "not a feature state: " + in.available() + " bytes left after its last feature");
      }
      return new FeatureState(cellsBySpec, settledUpTo);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a feature state: the bytes end too early", e);
    }
  }

  /** A hash map's initial capacity that holds {@code size} entries without growing. */
  private static int capacity(int size) {
    return size < 3 ? size + 1 : (int) (size / 0.75f + 1.0f);
  }

  /** Whether pruning at the settled time changes any of a feature's cells. */
  private boolean changesOnPruning(FeatureSpec spec, List<PropertyCondition> timed, Cells cells) {
    for (int c = 0; c < cells.size; c++) {
      Cell cell = cells.cells[c];
      if (settles(cell) || countsNeverAgain(spec, timed, cell, settledUpTo)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a pending cell is now at or before the settled time, so goes to its bucket. */
  private boolean settles(Cell cell) {
    return !cell.settled() && !cell.time().isAfter(settledUpTo);
  }

  private void requireNotBeforeSettled(Instant asOf) {
    if (settledUpTo != null && asOf.isBefore(settledUpTo)) {
      throw new IllegalArgumentException(
          "this feature state was pruned at "
              + settledUpTo
              + " and answers from then on only, not as of "
              + asOf);
    }
  }

  /**
   * The spec's conditions that depend on the evaluation time ({@code timed}) or those that do not.
   */
  private static Cell settledCell(FeatureSpec spec, Instant time, List<Object> whenValues) {
    Instant bucketStart = null;
    if (spec.window() instanceof Window.Last last) {
      var span = last.span();
      bucketStart = span.unit().bucketStart(span.unit().bucketOf(time, span.zone()), span.zone());
    }
    return new Cell(true, bucketStart, whenValues);
  }

  /**
   * Whether the cell's events are in the window as of a time not before the settled time: a pending
   * cell by its exact time; a settled last-N cell by its bucket's start, in the window exactly when
   * the whole bucket is; a settled cell without a time always.
   */
  private static boolean inWindow(FeatureSpec spec, Cell cell, Instant asOf) {
    return cell.time() == null || spec.window().contains(cell.time(), asOf);
  }

  private static boolean holds(List<PropertyCondition> timed, Cell cell, Instant asOf) {
    for (int j = 0; j < timed.size(); j++) {
      if (!timed.get(j).comparison().test(cell.whenValues().get(j), asOf)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a cell cannot count at any time from {@code from} on: it is in view and out of its
   * window (a last-N window's start only moves forward), or one of its time-dependent conditions
   * fails and will never change.
   */
  private static boolean countsNeverAgain(
      FeatureSpec spec, List<PropertyCondition> timed, Cell cell, Instant from) {
    if (from == null) {
      return false;
    }
    if (cell.time() != null && !cell.time().isAfter(from) && !inWindow(spec, cell, from)) {
      return true;
    }
    for (int j = 0; j < timed.size(); j++) {
      Object value = cell.whenValues().get(j);
      if (!timed.get(j).comparison().test(value, from)
          && timed.get(j).comparison().nextChange(value, from) == null) {
        return true;
      }
    }
    return false;
  }

  private static void writeValue(StateBytes.Writer out, Object value) {
    if (value == null) {
      out.writeByte(0);
    } else if (value instanceof Long number) {
      out.writeByte(1);
      out.writeLong(number);
    } else if (value instanceof BigDecimal decimal) {
      out.writeByte(2);
      out.writeInt(decimal.scale());
      if (decimal.precision() <= 18) { // the unscaled value is a long: BigInteger's bytes of it
        long unscaled = decimal.movePointRight(decimal.scale()).longValue();
        int length = (64 - Long.numberOfLeadingZeros(unscaled < 0 ? ~unscaled : unscaled)) / 8 + 1;
        out.writeShort(length);
        for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
          out.writeByte((int) (unscaled >> shift));
        }
      } else {
        byte[] unscaled = decimal.unscaledValue().toByteArray();
        out.writeShort(unscaled.length);
        out.write(unscaled);
      }
    } else if (value instanceof Instant instant) {
      out.writeByte(3);
      out.writeLong(instant.getEpochSecond());
      out.writeInt(instant.getNano());
    } else if (value instanceof LocalDate date) {
      out.writeByte(4);
      out.writeLong(date.toEpochDay());
    } else {
      throw new IllegalStateException("a feature state holds no " + value.getClass());
    }
  }

  private static Object readValue(StateBytes.Reader in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case 0 -> null;
      case 1 -> in.readLong();
      case 2 -> {
        int scale = in.readInt();
        int length = in.readUnsignedShort();
        if (length > 8) {
          yield new BigDecimal(new BigInteger(in.readBytes(length)), scale);
        }
        long unscaled = length == 0 ? 0 : in.readByte(); // sign-extended
        for (int i = 1; i < length; i++) {
          unscaled = (unscaled << 8) | in.readUnsignedByte();
        }
        yield BigDecimal.valueOf(unscaled, scale);
      }
      case 3 -> Instant.ofEpochSecond(in.readLong(), in.readInt());
      case 4 -> LocalDate.ofEpochDay(in.readLong());
      default -> throw new IllegalArgumentException("not a feature state: value tag " + tag);
    };
  }
}
