package io.strata.bench;

import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.model.Utf8Order;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockWriter;
import io.strata.tsdb.block.ChunkCutter;
import io.strata.tsdb.block.LocalBlock;
import io.strata.tsdb.chunks.ChunkSegments;
import io.strata.tsdb.index.IndexReader;
import io.strata.tsdb.index.Postings;
import io.strata.tsdb.index.SeriesEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading every series (labels and chunk metas) of a block with 1M series, through the all-postings list,
 * as compaction and {@code strata tools block verify} do; the score is the time for all 1M.
 *
 * <p>The block is written in setup by {@link BlockWriter} inside the same fork, whose heap is capped at
 * 512 MiB: the write streams series (a 2-hour, 15 s-scrape series = 4 chunks each, 480M samples in all
 * would not fit) and doubles as the proof that writing a 1M-series block does not hold its samples in
 * memory. Series look like node_exporter's: 10 metric names × 100k instances, 4 labels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class BlockReadBenchmark {
  static final int SERIES = 1_000_000;
  static final int NAMES = 10;
  static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % 7_200_000L;

  private Path dir;
  private LocalBlock block;
  /** Time the setup took to write the block, printed so the README can quote it. */
  private long writeMillis;

  static Labels series(int i) {
    int name = i / (SERIES / NAMES);
    int instance = i % (SERIES / NAMES);
    return Labels.of("__name__", "node_metric_" + name, "instance", String.format("10.%d.%d.%d:9100",
        instance >> 16, (instance >> 8) & 255, instance & 255), "job", "node", "zone", "z" + (instance % 3));
  }

  @Setup(Level.Trial)
  public void writeBlock() throws IOException {
    dir = Files.createTempDirectory("strata-bench-block");
    long start = System.nanoTime();
    // Symbols are streamed in order from a sorted set of the few distinct strings per position.
    TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
    for (int i = 0; i < SERIES; i += SERIES / NAMES) {
      series(i).forEach((n, v) -> {
        symbols.add(n);
        symbols.add(v);
      });
    }
    for (int i = 0; i < SERIES / NAMES; i++) {
      symbols.add(series(i).get("instance"));
    }
    symbols.add("z0");
    symbols.add("z1");
    symbols.add("z2");
    BlockMeta meta;
    try (BlockWriter w = new BlockWriter(dir, Ulid.generate(T0), ChunkSegments.DEFAULT_SEGMENT_SIZE)) {
      w.addSymbols(symbols.iterator());
      ChunkCutter cutter = new ChunkCutter(7_200_000L);
      Iterator<Integer> order = sortedSeriesOrder();
      while (order.hasNext()) {
        int i = order.next();
        for (int s = 0; s < 480; s++) {
          cutter.append(T0 + s * 15_000L, i + s);
        }
        w.addSeries(series(i), cutter.finish());
      }
      meta = w.finish(null);
    }
    writeMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("\nwrote " + meta.stats().numSeries() + " series, " + meta.stats().numSamples()
        + " samples, " + meta.stats().numChunks() + " chunks in " + writeMillis + " ms, heap max "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    block = LocalBlock.open(dir.resolve(meta.ulid()));
  }

  /** Series ids in label order: by metric name, then instance string (zone follows instance). */
  private static Iterator<Integer> sortedSeriesOrder() {
    Integer[] instances = new Integer[SERIES / NAMES];
    for (int i = 0; i < instances.length; i++) {
      instances[i] = i;
    }
    java.util.Arrays.sort(instances, Comparator.comparing(i -> series(i).get("instance"), Utf8Order.COMPARATOR));
    return new Iterator<>() {
      int k;

      @Override
      public boolean hasNext() {
        return k < SERIES;
      }

      @Override
      public Integer next() {
        if (k >= SERIES) {
          throw new NoSuchElementException();
        }
        int name = k / instances.length;
        int inst = instances[k % instances.length];
        k++;
        return name * instances.length + inst;
      }
    };
  }

  @Benchmark
  public long readAllSeries() throws IOException {
    IndexReader ix = block.index();
    Postings p = ix.allPostings();
    SeriesEntry e = new SeriesEntry();
    long n = 0;
    while (p.next()) {
      ix.series(p.at(), e);
      n += e.labels().size() + e.chunks().size();
    }
    if (n != SERIES * 8L) {
      throw new IllegalStateException("read " + n);
    }
    return n;
  }

  @TearDown(Level.Trial)
  public void cleanup() throws IOException {
    block.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(f);
      }
    }
  }
}
