package io.strata.store.bucket;

import io.strata.objstore.Bucket;
import io.strata.store.StoreException;
import io.strata.tsdb.encoding.CorruptBlockException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads length-prefixed items (postings lists, series entries, chunk records) at known offsets of one object with
 * as few ranged GETs as possible. Each item's range is an estimate of where it ends; nearby ranges are merged into
 * one GET ({@link RangePartitioner}) and the GETs of one call run in parallel.
 *
 * <p>A merged GET is streamed: the reader skips the gaps between items and keeps only each item's own bytes, as
 * its length prefix gives them, so memory holds the items and never the gaps. An item longer than its estimate is
 * read whole when more of the GET follows it; when the GET ends first (the estimate was too small at the end of a
 * part) it is read again with its exact length, counted in {@code strata_bucket_store_refetches_total}.
 */
final class RangeFetcher {
  /** How the length of an item follows from its first bytes. */
  enum Format {
    /** {@code len:be32 | payload | CRC32C}. */
    POSTINGS(4),
    /** {@code len:uvarint | body | CRC32C}. */
    SERIES(5),
    /** {@code len:uvarint | encoding:byte | data | CRC32C}. */
    CHUNK(5);

    final int maxPrefix;

    Format(int maxPrefix) {
      this.maxPrefix = maxPrefix;
    }

    /** Total item length from its first {@code n} bytes, or -1 if they do not tell it yet. */
    long totalLength(byte[] prefix, int n) {
      if (this == POSTINGS) {
        if (n < 4) {
          return -1;
        }
        long len = ((prefix[0] & 0xFFL) << 24) | ((prefix[1] & 0xFF) << 16) | ((prefix[2] & 0xFF) << 8)
            | (prefix[3] & 0xFF);
        return 4 + len + 4;
      }
      long len = 0;
      for (int i = 0; i < n && i < 5; i++) {
        len |= (long) (prefix[i] & 0x7F) << (7 * i);
        if ((prefix[i] & 0x80) == 0) {
          return (i + 1) + len + (this == CHUNK ? 1 : 0) + 4;
        }
      }
      return -1;
    }
  }

  private final QueryContext ctx;
  private final Bucket bucket;
  private final String object;
  private final Format format;
  private final BucketStoreMetrics.TypeMeters meters;
  private final String what;

  RangeFetcher(QueryContext ctx, Bucket bucket, String object, Format format, BucketStoreMetrics.DataType type,
      String what) {
    this.ctx = ctx;
    this.bucket = bucket;
    this.object = object;
    this.format = format;
    this.meters = ctx.metrics.type(type);
    this.what = what;
  }

  /**
   * Reads items {@code 0..n-1} into {@code out[outOffset + i]}.
   *
   * @param starts item offsets, strictly ascending
   * @param ends estimated item ends (exclusive); the true end may lie before or after
   */
  void fetch(long[] starts, long[] ends, int n, byte[][] out, int outOffset) throws IOException {
    if (n == 0) {
      return;
    }
    List<RangePartitioner.Part> parts = RangePartitioner.partition(starts, ends, n, ctx.maxGap);
    List<CompletableFuture<Void>> async = new ArrayList<>(parts.size());
    for (int p = 1; p < parts.size(); p++) {
      RangePartitioner.Part part = parts.get(p);
      async.add(CompletableFuture.runAsync(() -> {
        try {
          readPart(part, starts, out, outOffset);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, ctx.executor));
    }
    try {
      readPart(parts.get(0), starts, out, outOffset);
    } finally {
      for (CompletableFuture<Void> f : async) {
        join(f);
      }
    }
  }

  /** Waits for {@code f} and rethrows its failure as it was thrown. */
  static <T> T join(CompletableFuture<T> f) throws IOException {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new StoreException(StoreException.Code.INTERNAL, c.toString(), c);
    }
  }

  private void readPart(RangePartitioner.Part part, long[] starts, byte[][] out, int outOffset) throws IOException {
    ctx.limits.reserveBytes(part.length(), "reading " + what);
    meters.reads().increment();
    int refetchFrom = -1;
    long read;
    try (InputStream in = new BufferedInputStream(bucket.getRange(object, part.start(), part.length()), 64 * 1024)) {
      long pos = part.start();
      read = 0;
      byte[] prefix = new byte[format.maxPrefix];
      for (int i = part.first(); i <= part.last(); i++) {
        if (starts[i] < pos) {
          throw new CorruptBlockException(bucket.name() + "/" + object, starts[i],
              "item overlaps the previous one, which ends at " + pos);
        }
        long gap = starts[i] - pos;
        try {
          in.skipNBytes(gap);
        } catch (EOFException e) {
          refetchFrom = i;
          break;
        }
        read += gap;
        pos += gap;
        byte[] item = readItem(in, prefix);
        if (item == null) {
          refetchFrom = i;
          break;
        }
        out[outOffset + i] = item;
        read += item.length;
        pos += item.length;
      }
      if (refetchFrom < 0) {
        read += in.transferTo(OutputStream.nullOutputStream());
      }
    }
    meters.bytes().increment(read);
    if (refetchFrom >= 0) {
      for (int i = refetchFrom; i <= part.last(); i++) {
        out[outOffset + i] = refetch(starts[i]);
      }
    }
    meters.fetched().increment(part.last() - part.first() + 1);
  }

  /** Reads one item from the stream, or returns null if the stream ends inside it. */
  private byte[] readItem(InputStream in, byte[] prefix) throws IOException {
    int n = 0;
    long total = -1;
    while (total < 0) {
      if (n == prefix.length) {
        throw new CorruptBlockException(bucket.name() + "/" + object, -1, "malformed length prefix of " + what);
      }
      int b = in.read();
      if (b < 0) {
        return null;
      }
      prefix[n++] = (byte) b;
      total = format.totalLength(prefix, n);
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new CorruptBlockException(bucket.name() + "/" + object, -1, what + " claims " + total + " bytes");
    }
    byte[] item = new byte[(int) total];
    System.arraycopy(prefix, 0, item, 0, n);
    int got = in.readNBytes(item, n, item.length - n);
    return n + got == item.length ? item : null;
  }

  /** Reads one item whose estimated range was too short: its prefix first if needed, then exactly its bytes. */
  private byte[] refetch(long start) throws IOException {
    meters.refetches().increment();
    byte[] prefix = readRange(start, format.maxPrefix);
    long total = format.totalLength(prefix, prefix.length);
    if (total < 0) {
      throw new CorruptBlockException(bucket.name() + "/" + object, start, "truncated " + what);
    }
    if (total <= prefix.length) {
      return java.util.Arrays.copyOf(prefix, (int) total);
    }
    byte[] item = readRange(start, total);
    if (item.length != total) {
      throw new CorruptBlockException(bucket.name() + "/" + object, start, what + " of " + total
          + " bytes runs past the end of the object");
    }
    return item;
  }

  private byte[] readRange(long start, long length) throws IOException {
    ctx.limits.reserveBytes(length, "reading " + what);
    meters.reads().increment();
    try (InputStream in = bucket.getRange(object, start, length)) {
      byte[] b = in.readNBytes((int) length);
      meters.bytes().increment(b.length);
      return b;
    }
  }
}
