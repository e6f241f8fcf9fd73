package io.strata.store.prometheus;

import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.proto.thanos.AggrChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Puts series that arrive in stored-label order into served-label order, the order the StoreAPI promises.
 *
 * <p><b>Streaming case</b> ({@link #holdBack}): when no stored series carries an external label name or a replica
 * label to remove, every served label set is its stored one plus a constant set {@code C} (external labels minus
 * replica labels). That almost preserves order, except at the end of a label set: {@code {a="1"} < {a="1",b="1"}},
 * yet with {@code C = {n="v"}} the served sets compare the other way round, {@code {a="1",b="1",n="v"} <
 * {a="1",n="v"}}, because {@code b < n}. For stored {@code X < Y} the order flips only when {@code Y} extends
 * {@code X} and the first extra name of {@code Y} sorts before the largest name of {@code C}. (The same reasoning
 * as the TSDB store's {@code ExtendedLabelsSeriesSet}, applied to what Prometheus sends.)
 *
 * <p>So a series waits in a small heap ordered by served labels until the next arriving series shows that nothing
 * later can sort before it: the newcomer does not extend it, or extends it with a first extra name ≥ max(C)
 * (stored order lists extensions by that name, so every later one does too). Only the heap's smallest entry is
 * ever released, so output stays sorted. What waits is a chain of prefixes of the current series: a few series,
 * however many the answer holds.
 *
 * <p><b>Re-sorting case</b> ({@link #sortAll}): when stored labels collide with external or replica labels,
 * served sets reorder arbitrarily and distinct stored series can become one. Then everything is read, sorted,
 * and series with equal served labels are merged — what Thanos does for every Series call.
 */
final class SeriesReorder {
  private SeriesReorder() {}

  private static final Comparator<RemoteSeries> BY_SERVED = Comparator.comparing(RemoteSeries::served);

  /** Streams {@code in} in served order, holding back only series that may still move (see class comment). */
  static SeriesSource holdBack(SeriesSource in, Labels added) {
    if (added.isEmpty()) {
      return in;
    }
    String maxAdded = added.name(added.size() - 1);
    return new SeriesSource() {
      private final PriorityQueue<RemoteSeries> heap = new PriorityQueue<>(BY_SERVED);
      private RemoteSeries ahead;
      private boolean started;

      @Override
      public RemoteSeries next() throws IOException {
        if (!started) {
          started = true;
          ahead = in.next();
        }
        while (true) {
          RemoteSeries top = heap.peek();
          if (top != null && (ahead == null || settled(top.stored(), ahead.stored(), maxAdded))) {
            return heap.poll();
          }
          if (ahead == null) {
            return null;
          }
          heap.add(ahead);
          ahead = in.next();
        }
      }

      @Override
      public void close() {
        heap.clear();
        in.close();
      }
    };
  }

  /** Whether no series at or after {@code next} (stored order) can be served before {@code waiting}. */
  static boolean settled(Labels waiting, Labels next, String maxAdded) {
    int n = waiting.size();
    if (next.size() <= n) {
      return true;
    }
    for (int i = 0; i < n; i++) {
      if (!waiting.name(i).equals(next.name(i)) || !waiting.value(i).equals(next.value(i))) {
        return true;
      }
    }
    return Utf8Order.compare(next.name(n), maxAdded) >= 0;
  }

  /** Reads all of {@code in}, sorts by served labels and merges series whose served labels are equal. */
  static SeriesSource sortAll(SeriesSource in) throws IOException {
    List<RemoteSeries> all = new ArrayList<>();
    try {
      for (RemoteSeries s = in.next(); s != null; s = in.next()) {
        all.add(s);
      }
    } finally {
      in.close();
    }
    all.sort(BY_SERVED);
    List<RemoteSeries> merged = new ArrayList<>(all.size());
    for (RemoteSeries s : all) {
      RemoteSeries last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.served().equals(s.served())) {
        List<AggrChunk> chunks = new ArrayList<>(last.chunks());
        chunks.addAll(s.chunks());
        chunks.sort(Comparator.comparingLong(AggrChunk::getMinTime).thenComparingLong(AggrChunk::getMaxTime));
        merged.set(merged.size() - 1, new RemoteSeries(last.stored(), last.served(), chunks));
      } else {
        merged.add(s);
      }
    }
    return fromList(merged);
  }

  static SeriesSource fromList(List<RemoteSeries> list) {
    return new SeriesSource() {
      private int i;

      @Override
      public RemoteSeries next() {
        return i < list.size() ? list.get(i++) : null;
      }

      @Override
      public void close() {
        i = list.size();
      }
    };
  }
}
