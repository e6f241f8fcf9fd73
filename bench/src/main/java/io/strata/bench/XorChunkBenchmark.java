package io.strata.bench;

import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * XOR chunk encode and decode throughput; one operation is one sample, so the scores are samples per second
 * on one thread.
 *
 * <p>Each invocation works through {@value #SAMPLES} samples cut into chunks of {@code samplesPerChunk},
 * as a query touching about a thousand series would. Timestamps follow a 15 s scrape interval with
 * Prometheus-like jitter of a few milliseconds, so most timestamps take the 16-bit delta-of-delta code;
 * values are either a counter (integers rising by a random amount) or a gauge (a random walk of full
 * precision doubles, the expensive case for XOR). Data is seeded, so every run sees the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class XorChunkBenchmark {
  static final int SAMPLES = 120_000;

  /** The shape of the values. */
  public enum Shape {
    COUNTER,
    GAUGE
  }

  @Param({"COUNTER", "GAUGE"})
  public Shape shape;

  @Param({"120"})
  public int samplesPerChunk;

  private long[] timestamps;
  private double[] values;
  private byte[] page;
  private int[] chunkOffsets;
  private int[] chunkLengths;
  private byte[] out;
  private final XorChunkEncoder encoder = new XorChunkEncoder();
  private final XorChunkIterator iterator = new XorChunkIterator();

  @Setup
  public void setUp() {
    if (SAMPLES % samplesPerChunk != 0) {
      throw new IllegalArgumentException("samplesPerChunk must divide " + SAMPLES);
    }
    SplittableRandom random = new SplittableRandom(20240601L + shape.ordinal());
    timestamps = new long[SAMPLES];
    values = new double[SAMPLES];
    int chunks = SAMPLES / samplesPerChunk;
    for (int c = 0; c < chunks; c++) {
      long t = 1_700_000_000_000L + random.nextInt(15_000);
      double v = shape == Shape.COUNTER ? random.nextInt(1_000_000) : 100 * random.nextDouble();
      for (int i = c * samplesPerChunk; i < (c + 1) * samplesPerChunk; i++) {
        t += 15_000 + random.nextInt(-2, 3);
        v += shape == Shape.COUNTER ? random.nextInt(0, 200) : random.nextGaussian();
        timestamps[i] = t;
        values[i] = v;
      }
    }

    page = new byte[SAMPLES * 20];
    chunkOffsets = new int[chunks];
    chunkLengths = new int[chunks];
    int pos = 0;
    for (int c = 0; c < chunks; c++) {
      encoder.reset();
      for (int i = c * samplesPerChunk; i < (c + 1) * samplesPerChunk; i++) {
        encoder.append(timestamps[i], values[i]);
      }
      chunkOffsets[c] = pos;
      chunkLengths[c] = encoder.writeTo(page, pos);
      pos += chunkLengths[c];
    }
    out = new byte[64 * 1024];
  }

  /** Decodes every chunk; the checksum keeps the JIT from discarding the samples. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public long decode() {
    XorChunkIterator it = iterator;
    byte[] data = page;
    long checksum = 0;
    for (int c = 0; c < chunkOffsets.length; c++) {
      it.reset(data, chunkOffsets[c], chunkLengths[c]);
      while (it.next() != ValueType.NONE) {
        checksum += it.atT() ^ Double.doubleToRawLongBits(it.atValue());
      }
    }
    return checksum;
  }

  /** Encodes every chunk with one reused encoder and copies its bytes out, as a block writer would. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public long encode() {
    XorChunkEncoder e = encoder;
    long[] ts = timestamps;
    double[] vs = values;
    int per = samplesPerChunk;
    long size = 0;
    for (int start = 0; start < SAMPLES; start += per) {
      e.reset();
      for (int i = start; i < start + per; i++) {
        e.append(ts[i], vs[i]);
      }
      size += e.writeTo(out, 0);
    }
    return size;
  }
}
