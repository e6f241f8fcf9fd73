package io.strata.store;

import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.querier.SeriesSampleIterator;
import java.util.ArrayList;
import java.util.List;

/** Helpers for tests of StoreAPI implementations (shipped in the test-jar). */
public final class StoreTestSupport {
  private StoreTestSupport() {}

  /** Everything a Series call returned: series and warnings, in order. */
  public record SeriesResult(List<Series> series, List<String> warnings) {
    public List<io.strata.model.Labels> labels() {
      List<io.strata.model.Labels> out = new ArrayList<>();
      for (Series s : series) {
        out.add(ProtoConversions.labels(s.getLabelsList()));
      }
      return out;
    }
  }

  /** Runs a Series call to the end and closes the stream. */
  public static SeriesResult drain(StoreApi store, SeriesRequest request) {
    List<Series> series = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    try (CloseableIterator<SeriesResponse> it = store.series(request)) {
      while (it.hasNext()) {
        SeriesResponse r = it.next();
        if (r.hasSeries()) {
          series.add(r.getSeries());
        } else if (r.hasBatch()) {
          series.addAll(r.getBatch().getSeriesList());
        } else if (r.hasWarning()) {
          warnings.add(r.getWarning());
        }
      }
    }
    return new SeriesResult(series, warnings);
  }

  /** A sample; the value as raw bits so that NaNs compare equal. */
  public record Point(long t, long valueBits) {
    public static Point of(long t, double v) {
      return new Point(t, Double.doubleToRawLongBits(v));
    }

    @Override
    public String toString() {
      return t + "=" + Double.longBitsToDouble(valueBits);
    }
  }

  /** The samples of a test series within {@code [mint, maxt]}. */
  public static List<Point> samples(TestSeries s, long mint, long maxt) {
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < s.timestamps().length; i++) {
      if (s.timestamps()[i] >= mint && s.timestamps()[i] <= maxt) {
        out.add(Point.of(s.timestamps()[i], s.values()[i]));
      }
    }
    return out;
  }

  /** The samples of a series' raw XOR chunks within {@code [mint, maxt]}, overlaps merged by timestamp. */
  public static List<Point> samples(Series s, long mint, long maxt) {
    List<Chunk> chunks = new ArrayList<>();
    for (AggrChunk c : s.getChunksList()) {
      chunks.add(ProtoConversions.toTsdbChunk(c));
    }
    SeriesSampleIterator it = new SeriesSampleIterator(mint, maxt).reset(chunks, List.of());
    List<Point> out = new ArrayList<>();
    while (it.next() == ValueType.FLOAT) {
      out.add(Point.of(it.atT(), it.atValue()));
    }
    return out;
  }
}
