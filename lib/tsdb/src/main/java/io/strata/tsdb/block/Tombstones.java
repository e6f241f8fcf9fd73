package io.strata.tsdb.block;

import io.strata.tsdb.encoding.ByteSource;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.DecodeBuffer;
import io.strata.tsdb.encoding.EncodeBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletion intervals of a block ({@code tombstones} file): per series reference, closed time intervals
 * whose samples are deleted. Overlapping and adjacent intervals of a series are merged on load.
 *
 * <p>Format: docs/format/tsdb-block-format.md §6 (the code, not Prometheus's doc: no trailing
 * offset or padding).
 */
public final class Tombstones {
  public static final String FILE_NAME = "tombstones";
  public static final int MAGIC = 0x0130BA30;
  public static final int VERSION = 1;
  public static final Tombstones EMPTY = new Tombstones(Map.of());

  /** A closed interval {@code [minTime, maxTime]}. */
  public record Interval(long minTime, long maxTime) {
    public boolean contains(long t) {
      return minTime <= t && t <= maxTime;
    }
  }

  private final Map<Long, List<Interval>> bySeries;

  private Tombstones(Map<Long, List<Interval>> bySeries) {
    this.bySeries = bySeries;
  }

  /** Intervals deleted from the series, sorted and merged; empty if none. */
  public List<Interval> intervals(long seriesRef) {
    return bySeries.getOrDefault(seriesRef, List.of());
  }

  public boolean isEmpty() {
    return bySeries.isEmpty();
  }

  public long count() {
    long n = 0;
    for (List<Interval> l : bySeries.values()) {
      n += l.size();
    }
    return n;
  }

  /** Reads the tombstones of a block directory; a missing file means none. */
  public static Tombstones read(Path blockDir) throws IOException {
    Path f = blockDir.resolve(FILE_NAME);
    if (!Files.exists(f)) {
      return EMPTY;
    }
    byte[] b = Files.readAllBytes(f);
    return decode(f.toString(), ByteBuffer.wrap(b));
  }

  public static Tombstones read(ByteSource src) throws IOException {
    return decode(src.name(), src.read(0, (int) src.size()));
  }

  static Tombstones decode(String file, ByteBuffer buf) throws CorruptBlockException {
    if (buf.remaining() < 9) {
      throw new CorruptBlockException(file, 0, "tombstones file of " + buf.remaining() + " bytes is too short");
    }
    DecodeBuffer d = new DecodeBuffer(file, 0, buf);
    int magic = d.be32();
    if (magic != MAGIC) {
      throw new CorruptBlockException(file, 0, String.format("wrong magic %08x, want %08x", magic, MAGIC));
    }
    int version = d.u8();
    if (version != VERSION) {
      throw new CorruptBlockException(file, 4, "unsupported tombstones version " + version);
    }
    int stonesEnd = buf.limit() - 4;
    DecodeBuffer crc = new DecodeBuffer(file, 0, buf.duplicate().position(stonesEnd));
    crc.checkCrc32c(5, "tombstones");
    buf.limit(stonesEnd);
    Map<Long, List<Interval>> raw = new HashMap<>();
    while (d.remaining() > 0) {
      long ref = d.uvarint();
      long mint = d.varint();
      long maxt = d.varint();
      raw.computeIfAbsent(ref, k -> new ArrayList<>()).add(new Interval(mint, maxt));
    }
    Map<Long, List<Interval>> merged = new HashMap<>();
    raw.forEach((ref, list) -> merged.put(ref, merge(list)));
    return new Tombstones(merged);
  }

  private static List<Interval> merge(List<Interval> list) {
    list.sort((a, b) -> Long.compare(a.minTime, b.minTime));
    List<Interval> out = new ArrayList<>();
    Interval cur = null;
    for (Interval i : list) {
      if (cur != null && i.minTime <= cur.maxTime + 1) {
        cur = new Interval(cur.minTime, Math.max(cur.maxTime, i.maxTime));
      } else {
        if (cur != null) {
          out.add(cur);
        }
        cur = i;
      }
    }
    if (cur != null) {
      out.add(cur);
    }
    return Collections.unmodifiableList(out);
  }

  /** Writes an empty tombstones file (9 bytes), as Prometheus does for every new block. */
  public static void writeEmpty(Path blockDir) throws IOException {
    EncodeBuffer b = new EncodeBuffer(9);
    b.putBe32(MAGIC).putByte(VERSION);
    b.putCrc32c(5);
    Files.write(blockDir.resolve(FILE_NAME), b.toByteArray(), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
  }
}
