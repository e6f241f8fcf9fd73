package io.strata.store.bucket;

import io.strata.block.BlockUploader;
import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.model.Utf8Order;
import io.strata.objstore.Bucket;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockWriter;
import io.strata.tsdb.block.ChunkCutter;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.chunks.ChunkSegments;
import io.strata.tsdb.encoding.EncodeBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongToDoubleFunction;

/** Writes blocks with the real writer and uploads them like a sidecar, for store tests. */
final class TestBlocks {
  /** 2026-11-01T00:00:00Z; block times in tests are offsets from here. */
  static final long T0 = 1_793_491_200_000L;
  static final long HOUR = 3_600_000L;
  static final long STEP = 15_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 1000 * HOUR), ZoneOffset.UTC);

  /** A series to write: labels and a value per timestamp. */
  record TestSeries(Labels labels, LongToDoubleFunction value) {}

  private final Path tmp;
  private int counter;

  TestBlocks(Path tmp) {
    this.tmp = tmp;
  }

  /** The value test series {@code i} has at time {@code t}. */
  static double valueOf(int i, long t) {
    return i * 1000.0 + (t - T0) / STEP;
  }

  /** Series {@code {__name__=metric, i="<i>", ...extra}} for {@code i} in {@code [0, n)}. */
  static List<TestSeries> series(String metric, int n, String... extra) {
    List<TestSeries> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      String[] kv = new String[4 + extra.length];
      kv[0] = "__name__";
      kv[1] = metric;
      kv[2] = "i";
      kv[3] = String.format("%04d", i);
      System.arraycopy(extra, 0, kv, 4, extra.length);
      out.add(new TestSeries(Labels.of(kv), t -> valueOf(k, t)));
    }
    return out;
  }

  /** Writes a raw block with samples every 15 s in {@code [mint, maxt)} and uploads it with external labels. */
  BlockMeta raw(Bucket bucket, Map<String, String> ext, long mint, long maxt, List<TestSeries> series)
      throws IOException {
    return raw(bucket, ext, mint, maxt, series, ChunkSegments.DEFAULT_SEGMENT_SIZE);
  }

  BlockMeta raw(Bucket bucket, Map<String, String> ext, long mint, long maxt, List<TestSeries> series,
      long segmentSize) throws IOException {
    Path parent = Files.createDirectories(tmp.resolve("blocks-" + (counter++)));
    List<TestSeries> sorted = new ArrayList<>(series);
    sorted.sort((a, b) -> a.labels().compareTo(b.labels()));
    try (BlockWriter w = new BlockWriter(parent, Ulid.generate(mint), segmentSize)) {
      w.addSymbols(symbols(sorted).iterator());
      for (TestSeries s : sorted) {
        ChunkCutter c = new ChunkCutter(2 * HOUR);
        for (long t = mint; t < maxt; t += STEP) {
          c.append(t, s.value().applyAsDouble(t));
        }
        w.addSeries(s.labels(), c.finish());
      }
      // With a Thanos section the writer records index_stats (max series and chunk sizes), as Thanos's upload does.
      BlockMeta m = w.finish(mint, maxt, BlockMeta.Compaction.level1(w.ulid().toString()),
          BlockMeta.Thanos.of(ext, 0, "sidecar"));
      return new BlockUploader(bucket, CLOCK).upload(parent.resolve(m.ulid()), ext, "sidecar");
    }
  }

  /**
   * Writes a downsampled block (resolution {@code res}): per series one aggregate chunk per 30 windows, with
   * count = 1, sum = min = max = counter = the raw value at the window start.
   */
  BlockMeta downsampled(Bucket bucket, Map<String, String> ext, long mint, long maxt, long res,
      List<TestSeries> series) throws IOException {
    Path parent = Files.createDirectories(tmp.resolve("blocks-" + (counter++)));
    List<TestSeries> sorted = new ArrayList<>(series);
    sorted.sort((a, b) -> a.labels().compareTo(b.labels()));
    try (BlockWriter w = new BlockWriter(parent, Ulid.generate(mint + 1), ChunkSegments.DEFAULT_SEGMENT_SIZE)) {
      w.addSymbols(symbols(sorted).iterator());
      for (TestSeries s : sorted) {
        List<Chunk> chunks = new ArrayList<>();
        for (long start = mint; start < maxt; start += 30 * res) {
          XorChunkEncoder[] enc = new XorChunkEncoder[5];
          long last = start;
          for (int k = 0; k < 5; k++) {
            enc[k] = new XorChunkEncoder();
          }
          for (long t = start; t < Math.min(maxt, start + 30 * res); t += res) {
            double v = s.value().applyAsDouble(t);
            enc[0].append(t, 1);
            for (int k = 1; k < 5; k++) {
              enc[k].append(t, v);
            }
            last = t;
          }
          EncodeBuffer b = new EncodeBuffer();
          for (int k = 0; k < 5; k++) {
            byte[] sub = enc[k].bytes();
            b.putUvarint(sub.length).putByte(1).putBytes(sub, 0, sub.length);
          }
          chunks.add(new Chunk(start, last, 0xFF, b.toByteArray()));
        }
        w.addSeries(s.labels(), chunks);
      }
      BlockMeta m = w.finish(mint, maxt, BlockMeta.Compaction.level1(w.ulid().toString()),
          BlockMeta.Thanos.of(ext, res, "compactor"));
      return new BlockUploader(bucket, CLOCK).upload(parent.resolve(m.ulid()), ext, "compactor");
    }
  }

  private static TreeSet<String> symbols(List<TestSeries> series) {
    TreeSet<String> syms = new TreeSet<>(Utf8Order.COMPARATOR);
    for (TestSeries s : series) {
      s.labels().forEach((n, v) -> {
        syms.add(n);
        syms.add(v);
      });
    }
    return syms;
  }

  /** Labels of a response series as a model label set. */
  static Labels labels(Series s) {
    String[] kv = new String[2 * s.getLabelsCount()];
    for (int i = 0; i < s.getLabelsCount(); i++) {
      kv[2 * i] = s.getLabels(i).getName();
      kv[2 * i + 1] = s.getLabels(i).getValue();
    }
    return Labels.of(kv);
  }

  /** Every raw sample of a response series (decoding its XOR chunks), timestamp to value. */
  static TreeMap<Long, Double> samples(Series s) {
    TreeMap<Long, Double> out = new TreeMap<>();
    XorChunkIterator it = new XorChunkIterator();
    for (AggrChunk c : s.getChunksList()) {
      byte[] data = c.getRaw().getData().toByteArray();
      it.reset(data, 0, data.length);
      while (it.next() != ValueType.NONE) {
        out.put(it.atT(), it.atValue());
      }
    }
    return out;
  }

  /** The series of a response stream, skipping hints and warnings, unpacking batches. */
  static List<Series> seriesOf(List<SeriesResponse> responses) {
    List<Series> out = new ArrayList<>();
    for (SeriesResponse r : responses) {
      if (r.hasSeries()) {
        out.add(r.getSeries());
      } else if (r.hasBatch()) {
        out.addAll(r.getBatch().getSeriesList());
      }
    }
    return out;
  }
}
