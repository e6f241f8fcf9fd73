package io.strata.bench;

import io.strata.tsdb.index.BigEndianPostings;
import io.strata.tsdb.index.Postings;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Intersection of two postings lists of 1M references each, decoded lazily from big-endian index bytes
 * as the index reader serves them ({@link BigEndianPostings}); the shape of {@code {job="x", env="y"}}
 * over a large block. {@code overlap} is the fraction of references the lists share: with a low
 * overlap the leapfrog seeks skip most entries, with full overlap every entry is visited.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PostingsBenchmark {
  static final int N = 1_000_000;

  @Param({"0.01", "0.5", "1.0"})
  public double overlap;

  private ByteBuffer a;
  private ByteBuffer b;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(7);
    a = ByteBuffer.allocateDirect(4 * N);
    b = ByteBuffer.allocateDirect(4 * N);
    // Both lists ascend through a 4M-series id space; a shares `overlap` of its entries with b.
    long va = 0;
    long vb = 0;
    for (int i = 0; i < N; i++) {
      va += 1 + r.nextInt(7);
      a.putInt(4 * i, (int) va);
      if (r.nextDouble() < overlap) {
        vb = Math.max(vb + 1, va);
      } else {
        vb += 1 + r.nextInt(7);
      }
      b.putInt(4 * i, (int) vb);
    }
  }

  @Benchmark
  public long intersect() {
    Postings p = Postings.intersect(List.of(new BigEndianPostings(a, 0, N), new BigEndianPostings(b, 0, N)));
    long n = 0;
    while (p.next()) {
      n += p.at();
    }
    return n;
  }

  @Benchmark
  public long merge() {
    Postings p = Postings.merge(List.of(new BigEndianPostings(a, 0, N), new BigEndianPostings(b, 0, N)));
    long n = 0;
    while (p.next()) {
      n += p.at();
    }
    return n;
  }
}
