package io.strata.tsdb.block;

import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunkenc.XorChunk;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import io.strata.tsdb.chunks.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the float samples of one series, in time order, into XOR chunks the way Prometheus's head
 * does (tsdb/head_append.go {@code appendPreprocessor}), so blocks we write have Prometheus-sized chunks:
 *
 * <ul>
 *   <li>a chunk never crosses a chunk-range boundary ({@code (t / range) * range + range});
 *   <li>when a chunk holds 30 samples (a quarter of the 120 target) its end is re-predicted to split the
 *       rest of the range evenly: {@code n = (end - minT) / ((maxT - minT + 1) * 4)}, and if
 *       {@code n > 1} the end becomes {@code minT + (end - minT) / n};
 *   <li>a chunk is also cut at 240 samples, or when it exceeds 1005 bytes (newer Prometheus).
 * </ul>
 *
 * Only the open chunk is uncompressed state; finished chunks are kept as compressed bytes.
 */
public final class ChunkCutter {
  /** Prometheus's {@code DefaultSamplesPerChunk}. */
  public static final int SAMPLES_PER_CHUNK = 120;

  private final long chunkRange;
  private final XorChunkEncoder encoder = new XorChunkEncoder();
  private final List<Chunk> done = new ArrayList<>();
  private long minT;
  private long maxT;
  private long nextAt;
  private long lastT = Long.MIN_VALUE;
  private long lastValueBits;
  private long samples;

  /** @param chunkRange the head's chunk range in ms (Prometheus: the smallest block range) */
  public ChunkCutter(long chunkRange) {
    if (chunkRange <= 0) {
      throw new IllegalArgumentException("chunk range must be positive, got " + chunkRange);
    }
    this.chunkRange = chunkRange;
  }

  /** Outcome of {@link #append}. */
  public enum Result {
    APPENDED,
    /** Same timestamp and bit-identical value as the previous sample: ignored, as Prometheus does. */
    DUPLICATE,
    /** Same timestamp, different value. */
    DUPLICATE_DIFFERENT_VALUE,
    /** Older than the previous sample. */
    OUT_OF_ORDER
  }

  public Result append(long t, double v) {
    long bits = Double.doubleToRawLongBits(v);
    if (samples > 0) {
      if (t == lastT) {
        return bits == lastValueBits ? Result.DUPLICATE : Result.DUPLICATE_DIFFERENT_VALUE;
      }
      if (t < lastT) {
        return Result.OUT_OF_ORDER;
      }
    }
    int n = encoder.numSamples();
    if (n == 0) {
      start(t);
    } else {
      if (n == SAMPLES_PER_CHUNK / 4) {
        nextAt = predictEnd(minT, maxT, nextAt);
      }
      if (t >= nextAt || n >= 2 * SAMPLES_PER_CHUNK || encoder.sizeInBytes() > XorChunk.MAX_BYTES_BEFORE_APPEND) {
        finishChunk();
        start(t);
      }
    }
    encoder.appendBits(t, bits);
    maxT = t;
    lastT = t;
    lastValueBits = bits;
    samples++;
    return Result.APPENDED;
  }

  private void start(long t) {
    encoder.reset();
    minT = t;
    nextAt = rangeEnd(t, chunkRange);
  }

  static long rangeEnd(long t, long range) {
    return (t / range) * range + range;
  }

  static long predictEnd(long start, long cur, long max) {
    long n = (max - start) / ((cur - start + 1) * 4);
    if (n <= 1) {
      return max;
    }
    return start + (max - start) / n;
  }

  private void finishChunk() {
    if (encoder.numSamples() > 0) {
      done.add(new Chunk(minT, maxT, ChunkEncoding.XOR.code(), encoder.bytes()));
      encoder.reset();
    }
  }

  /** Total samples appended (duplicates excluded). */
  public long samples() {
    return samples;
  }

  public long lastTimestamp() {
    return lastT;
  }

  /** Closes the open chunk and returns all chunks in time order; the cutter is empty afterwards. */
  public List<Chunk> finish() {
    finishChunk();
    List<Chunk> out = new ArrayList<>(done);
    done.clear();
    samples = 0;
    lastT = Long.MIN_VALUE;
    return out;
  }
}
