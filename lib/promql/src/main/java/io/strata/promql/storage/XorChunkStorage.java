package io.strata.promql.storage;

import io.strata.model.Labels;
import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Immutable float series compressed into Prometheus XOR chunks of up to 120 samples, read through the
 * TSDB's {@link XorChunkIterator}: a {@link Queryable} that holds data as compactly as a TSDB head and
 * exercises the same decoding path as block reads. Build one with {@link Builder}.
 */
public final class XorChunkStorage implements Queryable {
  /** Samples per chunk, as Prometheus' head cuts them. */
  public static final int SAMPLES_PER_CHUNK = 120;

  private final TreeMap<Labels, Chunks> series;

  private XorChunkStorage(TreeMap<Labels, Chunks> series) {
    this.series = series;
  }

  public int numSeries() {
    return series.size();
  }

  /** Total bytes of chunk data, for reporting. */
  public long chunkBytes() {
    long n = 0;
    for (Chunks c : series.values()) {
      for (byte[] b : c.data) {
        n += b.length;
      }
    }
    return n;
  }

  /** Collects series; samples of one series must be added in time order. */
  public static final class Builder {
    private final TreeMap<Labels, Chunks> series = new TreeMap<>();
    private final XorChunkEncoder encoder = new XorChunkEncoder(256);

    /** Adds a whole series. */
    public Builder add(Labels labels, long[] ts, double[] vs, int n) {
      List<byte[]> data = new ArrayList<>();
      List<long[]> bounds = new ArrayList<>();
      for (int from = 0; from < n; from += SAMPLES_PER_CHUNK) {
        int to = Math.min(n, from + SAMPLES_PER_CHUNK);
        encoder.reset();
        for (int i = from; i < to; i++) {
          encoder.appendBits(ts[i], Double.doubleToRawLongBits(vs[i]));
        }
        data.add(encoder.bytes());
        bounds.add(new long[] {ts[from], ts[to - 1]});
      }
      long[] maxT = new long[bounds.size()];
      for (int i = 0; i < maxT.length; i++) {
        maxT[i] = bounds.get(i)[1];
      }
      series.put(labels, new Chunks(data.toArray(new byte[0][]), maxT));
      return this;
    }

    public XorChunkStorage build() {
      return new XorChunkStorage(series);
    }
  }

  /** Copies all series of an {@link InMemoryStorage}. */
  public static XorChunkStorage of(InMemoryStorage source) {
    Builder b = new Builder();
    try (Querier q = source.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, null);
      SampleIterator it = null;
      long[] ts = new long[128];
      double[] vs = new double[128];
      while (set.next()) {
        it = set.at().iterator(it);
        int n = 0;
        while (it.next() != ValueType.NONE) {
          if (n == ts.length) {
            ts = Arrays.copyOf(ts, n * 2);
            vs = Arrays.copyOf(vs, n * 2);
          }
          ts[n] = it.atT();
          vs[n++] = it.atValue();
        }
        b.add(set.at().labels(), ts, vs, n);
      }
    }
    return b.build();
  }

  private record Chunks(byte[][] data, long[] maxT) {}

  /** Iterates the chunks of one series in order, skipping whole chunks on seek. */
  static final class ChunksIterator implements SampleIterator {
    private final XorChunkIterator chunk = new XorChunkIterator();
    private Chunks chunks;
    private int index;
    private boolean done;

    ChunksIterator reset(Chunks c) {
      chunks = c;
      index = -1;
      done = c.data.length == 0;
      return this;
    }

    private boolean openNext() {
      index++;
      if (index >= chunks.data.length) {
        done = true;
        return false;
      }
      byte[] d = chunks.data[index];
      chunk.reset(d, 0, d.length);
      return true;
    }

    @Override
    public ValueType next() {
      if (done) {
        return ValueType.NONE;
      }
      if (index < 0 && !openNext()) {
        return ValueType.NONE;
      }
      while (true) {
        ValueType v = chunk.next();
        if (v != ValueType.NONE) {
          return v;
        }
        if (!openNext()) {
          return ValueType.NONE;
        }
      }
    }

    @Override
    public ValueType seek(long t) {
      if (done) {
        return ValueType.NONE;
      }
      if (index >= 0 && chunk.atT() >= t && chunk.numSamples() > 0) {
        return ValueType.FLOAT;
      }
      // Skip chunks that end before t.
      int target = Math.max(index, 0);
      while (target < chunks.maxT.length && chunks.maxT[target] < t) {
        target++;
      }
      if (target >= chunks.maxT.length) {
        done = true;
        return ValueType.NONE;
      }
      if (target != index) {
        index = target - 1;
        openNext();
      }
      ValueType v = chunk.seek(t);
      while (v == ValueType.NONE) {
        if (!openNext()) {
          return ValueType.NONE;
        }
        v = chunk.seek(t);
      }
      return v;
    }

    @Override
    public long atT() {
      return chunk.atT();
    }

    @Override
    public double atValue() {
      return chunk.atValue();
    }
  }

  @Override
  public Querier querier(long minTime, long maxTime) {
    return new MapQuerier<>(series,
        (chunks, reuse) -> (reuse instanceof ChunksIterator c ? c : new ChunksIterator()).reset(chunks));
  }
}
