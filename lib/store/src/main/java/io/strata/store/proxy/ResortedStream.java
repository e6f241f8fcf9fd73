package io.strata.store.proxy;

import io.strata.model.Labels;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A store's whole series stream with the replica labels removed and re-sorted, for stores that do not
 * support {@code without_replica_labels} (Thanos {@code sortWithoutLabels} in its eager response set).
 * Reads everything on the first {@link #hasNext()}; non-series frames come first.
 */
final class ResortedStream implements CloseableIterator<SeriesResponse> {
  private record Entry(Labels labels, SeriesResponse response) {}

  private final CloseableIterator<SeriesResponse> in;
  private final Set<String> without;
  private ArrayDeque<SeriesResponse> out;

  ResortedStream(CloseableIterator<SeriesResponse> in, Set<String> without) {
    this.in = in;
    this.without = without;
  }

  private void load() {
    out = new ArrayDeque<>();
    List<Entry> series = new ArrayList<>();
    while (in.hasNext()) {
      SeriesResponse r = in.next();
      List<Series> batch = r.hasSeries() ? List.of(r.getSeries()) : r.hasBatch() ? r.getBatch().getSeriesList() : null;
      if (batch == null) {
        out.add(r);
        continue;
      }
      for (Series s : batch) {
        Labels stripped = ProtoConversions.labels(s.getLabelsList()).without(without);
        Series rewritten = s.toBuilder().clearLabels().addAllLabels(ProtoConversions.toProto(stripped)).build();
        series.add(new Entry(stripped, SeriesResponse.newBuilder().setSeries(rewritten).build()));
      }
    }
    series.sort(Comparator.comparing(Entry::labels));
    for (Entry e : series) {
      out.add(e.response());
    }
  }

  @Override
  public boolean hasNext() {
    if (out == null) {
      load();
    }
    return !out.isEmpty();
  }

  @Override
  public SeriesResponse next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return out.poll();
  }

  @Override
  public void close() {
    in.close();
    if (out != null) {
      out.clear();
    }
  }
}
