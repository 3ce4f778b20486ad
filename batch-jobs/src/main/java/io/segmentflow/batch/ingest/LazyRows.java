package io.segmentflow.batch.ingest;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * An iterator that maps each element as it is asked for and leaves out those mapped to null, so a
 * task holds one record at a time however large its input.
 */
final class LazyRows<T, R> implements Iterator<R> {

  private final Iterator<T> source;
  private final Function<T, R> map;
  private R next;

  LazyRows(Iterator<T> source, Function<T, R> map) {
    this.source = source;
    this.map = map;
  }

  @Override
  public boolean hasNext() {
    while (next == null && source.hasNext()) {
      next = map.apply(source.next());
    }
    return next != null;
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    R row = next;
    next = null;
    return row;
  }
}
