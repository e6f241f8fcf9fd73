package io.strata.store.tsdb;

import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.querier.ChunkSeriesSet;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The series of one block with a constant label set {@code C} added (the block's external labels minus
 * replica labels), still streamed in label order, holding back only the few series whose position moves.
 *
 * <p>Why anything moves at all: adding the same labels to every series almost preserves order, but not
 * at the end of a label set. {@code {a="1"} < {a="1", b="1"}} (a prefix sorts first), yet with
 * {@code C = {n="v"}} the results compare the other way round: {@code {a="1", b="1", n="v"} < {a="1", n="v"}},
 * because {@code b < n}. Working through the comparison shows this is the only case: for stored sets
 * {@code X < Y} the order flips exactly when {@code Y} extends {@code X} (X is a prefix of Y) and Y's first
 * extra label name sorts before the largest name in {@code C}. Label names of {@code C} must not occur in
 * the block (the caller checks; otherwise labels are replaced, not added, and it re-sorts instead).
 *
 * <p>So a series read from the block waits in a small heap (ordered by its final labels) until the next
 * stored series shows that nothing later can sort before it: the next series does not extend it, or
 * extends it with a first extra name {@code >= max(C)} — stored order lists extensions by that name, so
 * every later one does too. What waits is a chain of prefixes of the current series plus their
 * already-passed extensions, i.e. a handful of series however large the block.
 */
final class ExtendedLabelsSeriesSet implements ChunkSeriesSet {
  private final ChunkSeriesSet in;
  private final Labels add;
  private final String maxAddedName;
  private final boolean skipChunks;
  private final String block;
  private final PriorityQueue<Pending> heap = new PriorityQueue<>(Comparator.comparing(Pending::labels));
  private Pending ahead;
  private Pending current;
  private boolean started;

  private record Pending(Labels stored, Labels labels, List<Chunk> chunks) {}

  /**
   * @param add labels to add; none of their names may be carried by a series of the block
   * @param block block id, for error messages
   */
  ExtendedLabelsSeriesSet(ChunkSeriesSet in, Labels add, boolean skipChunks, String block) {
    this.in = in;
    this.add = add;
    this.maxAddedName = add.isEmpty() ? null : add.name(add.size() - 1);
    this.skipChunks = skipChunks;
    this.block = block;
  }

  @Override
  public boolean next() throws IOException {
    if (!started) {
      started = true;
      ahead = read();
    }
    while (true) {
      if (!heap.isEmpty() && (ahead == null || settled(heap.peek().stored(), ahead.stored()))) {
        current = heap.poll();
        return true;
      }
      if (ahead == null) {
        current = null;
        return false;
      }
      heap.add(ahead);
      ahead = read();
    }
  }

  /** Whether no series from {@code next} on can sort, once extended, before {@code x}. */
  private boolean settled(Labels x, Labels next) {
    if (maxAddedName == null || next.size() <= x.size()) {
      return true;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!x.name(i).equals(next.name(i)) || !x.value(i).equals(next.value(i))) {
        return true;
      }
    }
    return Utf8Order.compare(next.name(x.size()), maxAddedName) >= 0;
  }

  private Pending read() throws IOException {
    try {
      while (in.next()) {
        List<Chunk> chunks = List.of();
        if (!skipChunks) {
          List<Tombstones.Interval> deleted = in.deleted();
          chunks = deleted.isEmpty() ? List.copyOf(in.chunks()) : DeletedSamples.apply(List.copyOf(in.chunks()), deleted);
          if (chunks.isEmpty()) {
            continue;
          }
        }
        Labels stored = in.labels();
        return new Pending(stored, add.isEmpty() ? stored : stored.mergedWith(add), chunks);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      throw new IOException("reading series of block " + block + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Labels labels() {
    return current.labels();
  }

  @Override
  public List<Chunk> chunks() {
    return current.chunks();
  }

  @Override
  public List<Tombstones.Interval> deleted() {
    return List.of();
  }
}
