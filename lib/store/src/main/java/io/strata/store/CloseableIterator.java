package io.strata.store;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** A pull-based stream of results that holds resources until closed. Closing early cancels the producer. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  @Override
  void close();

  static <T> CloseableIterator<T> of(List<T> items) {
    Iterator<T> it = items.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        return it.next();
      }

      @Override
      public void close() {}
    };
  }

  static <T> CloseableIterator<T> empty() {
    return of(List.of());
  }
}
