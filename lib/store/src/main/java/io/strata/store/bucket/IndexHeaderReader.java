package io.strata.store.bucket;

import io.strata.model.Utf8Order;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.DecodeBuffer;
import io.strata.tsdb.index.IndexFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an index-header written by {@link IndexHeaderWriter} (Thanos binary index-header v1): resolves symbol
 * references and finds the byte range of any postings list in the block's index, without the index.
 *
 * <p>Memory: both tables stay in the memory-mapped file (page cache, not heap). The heap holds every 32nd symbol
 * offset, and per label name every 32nd value with its table position plus the last one, as Prometheus and Thanos
 * do, and a 1,024-entry cache of decoded symbols. A lookup binary-searches the sampled values and scans at most
 * 32 entries of the mapped table.
 *
 * <p>A postings list's range is {@code [offset, next list's offset)} (for the last list, the index's
 * {@code TOC.postingsTable}): lists are contiguous in table order (tsdb-block-format.md §4.5), so one read of
 * that range gets the whole list, including its length field and CRC, without first reading the length. When an
 * older index puts other sections after the last list the range is too long, which costs a few bytes, not
 * correctness: the list's own length field bounds it.
 *
 * <p>Opening verifies the magic, versions and both tables' CRC32C, so a damaged or half-written header is
 * rebuilt rather than served. Thread-safe.
 */
public final class IndexHeaderReader implements AutoCloseable {
  static final int MAGIC = 0xBAAAD792;
  static final int VERSION = 1;
  /** magic, version, index version, index TOC.postingsTable. */
  static final int HEADER_LEN = 4 + 1 + 1 + 8;
  /** symbol table offset, postings offset table offset, CRC32C. */
  static final int TOC_LEN = 8 + 8 + 4;
  private static final int SAMPLING = IndexFormat.SAMPLING;
  private static final int SYMBOL_CACHE_SIZE = 1024;

  /** Receives each value of a label name with the byte range of its postings list. */
  @FunctionalInterface
  public interface ValueVisitor {
    void accept(String value, long start, long end) throws IOException;
  }

  /** A postings list's bytes in the index: from its length field to (at least) the end of its CRC. */
  public record PostingsRange(long start, long end) {}

  private record NameEntries(int first, int count, String[] sampledValues, int[] sampledPositions,
      int[] sampledIndexes) {}

  private record Symbol(int ordinal, String value) {}

  private final String file;
  private final long fileSize;
  private final int indexVersion;
  private final long lastPostingsEnd;
  private final ByteBuffer symbols;
  private final long symbolsBase;
  private final int symbolCount;
  private final int[] symbolSamples;
  private final Symbol[] symbolCache;
  private final ByteBuffer table;
  private final long tableBase;
  private final Map<String, NameEntries> names = new HashMap<>();
  private final List<String> labelNames = new ArrayList<>();
  private final long heapEstimate;

  private IndexHeaderReader(Path path) throws IOException {
    this.file = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      fileSize = ch.size();
      if (fileSize < HEADER_LEN + TOC_LEN) {
        throw new CorruptBlockException(file, 0, "index-header of " + fileSize + " bytes is too short");
      }
      ByteBuffer head = read(ch, file, 0, HEADER_LEN);
      if (head.getInt(0) != MAGIC) {
        throw new CorruptBlockException(file, 0, String.format("wrong magic %08x, want %08x (not an index-header)",
            head.getInt(0), MAGIC));
      }
      if (head.get(4) != VERSION) {
        throw new CorruptBlockException(file, 4, "unsupported index-header version " + head.get(4));
      }
      indexVersion = head.get(5);
      if (indexVersion != IndexFormat.V2 && indexVersion != IndexFormat.V3) {
        throw new CorruptBlockException(file, 5, "unsupported index version " + indexVersion);
      }
      lastPostingsEnd = head.getLong(6);
      DecodeBuffer toc = new DecodeBuffer(file, fileSize - TOC_LEN, read(ch, file, fileSize - TOC_LEN, TOC_LEN));
      long symbolsRef = toc.be64();
      long tableRef = toc.be64();
      toc.checkCrc32c(0, "index-header TOC");
      symbolsBase = symbolsRef + 4;
      symbols = mapSection(ch, symbolsRef, "symbol table");
      tableBase = tableRef + 4;
      table = mapSection(ch, tableRef, "postings offset table");
    }
    DecodeBuffer d = new DecodeBuffer(file, symbolsBase, symbols.duplicate());
    symbolCount = d.be32();
    if (symbolCount < 0) {
      throw d.corrupt("negative symbol count");
    }
    symbolSamples = new int[(symbolCount + SAMPLING - 1) / SAMPLING];
    for (int i = 0; i < symbolCount; i++) {
      if (i % SAMPLING == 0) {
        symbolSamples[i / SAMPLING] = d.position();
      }
      d.skip(d.uvarint32());
    }
    if (d.remaining() != 0) {
      throw d.corrupt("symbol table has " + d.remaining() + " bytes after its " + symbolCount + " symbols");
    }
    symbolCache = new Symbol[symbolCount >= SYMBOL_CACHE_SIZE ? SYMBOL_CACHE_SIZE
        : Integer.highestOneBit(Math.max(1, symbolCount)) << 1];
    heapEstimate = 4L * symbolSamples.length + 16L * symbolCache.length + scanPostingsTable();
  }

  /**
   * Opens and verifies an index-header.
   *
   * @throws CorruptBlockException if it is damaged (the caller should rebuild it)
   */
  public static IndexHeaderReader open(Path path) throws IOException {
    return new IndexHeaderReader(path);
  }

  /**
   * Checks an index-header's fixed parts (magic, versions, TOC and its CRC) without scanning its tables: a cheap
   * test, for lazily opened headers, that the file is a complete header; {@link #open} verifies the rest.
   */
  public static void checkQuick(Path path) throws IOException {
    String file = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER_LEN + TOC_LEN) {
        throw new CorruptBlockException(file, 0, "index-header of " + size + " bytes is too short");
      }
      ByteBuffer head = read(ch, file, 0, HEADER_LEN);
      ByteBuffer toc = read(ch, file, size - TOC_LEN, TOC_LEN);
      if (head.getInt(0) != MAGIC || head.get(4) != VERSION) {
        throw new CorruptBlockException(file, 0, "not an index-header of version " + VERSION);
      }
      DecodeBuffer d = new DecodeBuffer(file, size - TOC_LEN, toc);
      long symbols = d.be64();
      long table = d.be64();
      d.checkCrc32c(0, "index-header TOC");
      if (symbols < HEADER_LEN || table <= symbols || table >= size - TOC_LEN) {
        throw new CorruptBlockException(file, size - TOC_LEN, "index-header TOC offsets out of range");
      }
    }
  }

  private static ByteBuffer read(FileChannel ch, String file, long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, offset + b.position()) < 0) {
        throw new CorruptBlockException(file, offset, "truncated");
      }
    }
    return b.flip();
  }

  /** Maps a {@code len | payload | CRC32C} section, checks its CRC and returns the payload. */
  private ByteBuffer mapSection(FileChannel ch, long offset, String what) throws IOException {
    if (offset < HEADER_LEN || offset + 8 > fileSize - TOC_LEN) {
      throw new CorruptBlockException(file, offset, what + " offset outside the file");
    }
    long len = read(ch, file, offset, 4).getInt(0) & 0xFFFF_FFFFL;
    if (offset + 4 + len + 4 > fileSize - TOC_LEN) {
      throw new CorruptBlockException(file, offset, what + " of " + len + " bytes runs past the end");
    }
    if (len + 4 > Integer.MAX_VALUE) {
      throw new CorruptBlockException(file, offset, what + " of " + len + " bytes exceeds 2 GiB, not supported");
    }
    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, offset + 4, len + 4);
    DecodeBuffer check = new DecodeBuffer(file, offset + 4, m.duplicate());
    check.skip((int) len);
    check.checkCrc32c(0, what);
    return m.slice(0, (int) len);
  }

  /** Scans the postings offset table once, keeping sampled entries; returns their approximate heap size. */
  private long scanPostingsTable() throws CorruptBlockException {
    DecodeBuffer d = new DecodeBuffer(file, tableBase, table.duplicate());
    int n = d.be32();
    long heap = 0;
    String name = null;
    String lastValue = null;
    int first = 0;
    int count = 0;
    int lastPos = 0;
    List<String> values = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    long prevOffset = -1;
    for (int i = 0; i <= n; i++) {
      int pos = d.position();
      String entryName = null;
      String value = null;
      if (i < n) {
        int keys = d.uvarint32();
        if (keys != 2) {
          throw d.corrupt("postings offset table entry with " + keys + " keys, want 2");
        }
        entryName = d.uvarintString();
        value = d.uvarintString();
        long off = d.uvarint();
        if (off <= prevOffset || off >= lastPostingsEnd) {
          throw d.corrupt("postings list offset " + off + " for " + entryName + "=\"" + value
              + "\" out of order or past the postings section");
        }
        prevOffset = off;
      }
      if (name != null && (i == n || !entryName.equals(name))) {
        if ((count - 1) % SAMPLING != 0) {
          values.add(lastValue);
          positions.add(lastPos);
          indexes.add(count - 1);
        }
        names.put(name, new NameEntries(first, count, values.toArray(new String[0]), toInts(positions),
            toInts(indexes)));
        labelNames.add(name);
        for (String v : values) {
          heap += 48 + 2L * v.length();
        }
        heap += 64 + 2L * name.length();
        if (i < n && Utf8Order.compare(name, entryName) >= 0) {
          throw d.corrupt("label names out of order in postings offset table: " + name + " before " + entryName);
        }
        name = null;
      }
      if (i == n) {
        break;
      }
      if (name == null) {
        name = entryName;
        first = pos;
        count = 0;
        values.clear();
        positions.clear();
        indexes.clear();
      } else if (Utf8Order.compare(lastValue, value) >= 0) {
        throw d.corrupt("label values out of order for " + name + ": \"" + lastValue + "\" before \"" + value + "\"");
      }
      if (count % SAMPLING == 0) {
        values.add(value);
        positions.add(pos);
        indexes.add(count);
      }
      lastValue = value;
      lastPos = pos;
      count++;
    }
    if (d.remaining() != 0) {
      throw d.corrupt("postings offset table has " + d.remaining() + " bytes after its " + n + " entries");
    }
    return heap;
  }

  private static int[] toInts(List<Integer> l) {
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  public int indexVersion() {
    return indexVersion;
  }

  /** Offset of the index's postings offset table: every postings list and series entry lies before it. */
  public long lastPostingsEnd() {
    return lastPostingsEnd;
  }

  public int symbolCount() {
    return symbolCount;
  }

  public long fileSize() {
    return fileSize;
  }

  /** Roughly the heap this reader holds (sampled tables and symbol cache), for metrics. */
  public long heapEstimate() {
    return heapEstimate;
  }

  /** The symbol with the given ordinal (format v2 symbol reference). */
  public String symbol(int ordinal) throws CorruptBlockException {
    if (ordinal < 0 || ordinal >= symbolCount) {
      throw new CorruptBlockException(file, -1, "symbol reference " + ordinal + " out of range (" + symbolCount
          + " symbols)");
    }
    int slot = ordinal & (symbolCache.length - 1);
    // Slots hold immutable records, so a racing reader sees either a whole old entry or a whole new one.
    Symbol cached = symbolCache[slot];
    if (cached != null && cached.ordinal == ordinal) {
      return cached.value;
    }
    DecodeBuffer d = new DecodeBuffer(file, symbolsBase, symbols.duplicate());
    d.position(symbolSamples[ordinal / SAMPLING]);
    for (int i = ordinal % SAMPLING; i > 0; i--) {
      d.skip(d.uvarint32());
    }
    String s = d.uvarintString();
    symbolCache[slot] = new Symbol(ordinal, s);
    return s;
  }

  /** Label names of the block, ascending, without the all-postings key {@code ""}. */
  public List<String> labelNames() {
    List<String> out = new ArrayList<>(labelNames.size());
    for (String n : labelNames) {
      if (!n.isEmpty()) {
        out.add(n);
      }
    }
    return out;
  }

  /** Whether some series of the block has label {@code name}. */
  public boolean hasLabel(String name) {
    return !name.isEmpty() && names.containsKey(name);
  }

  /** Values of {@code name}, ascending; empty if the block has no such label. */
  public List<String> labelValues(String name) throws IOException {
    List<String> out = new ArrayList<>();
    forEachValue(name, (v, s, e) -> out.add(v));
    return out;
  }

  /** The range of the postings list of {@code name=value}, or null if the block has no such pair. */
  public PostingsRange postingsRange(String name, String value) throws CorruptBlockException {
    NameEntries e = names.get(name);
    if (e == null) {
      return null;
    }
    int k = Arrays.binarySearch(e.sampledValues, value, Utf8Order.COMPARATOR);
    if (k < 0) {
      k = -k - 2;
      if (k < 0) {
        return null;
      }
    }
    DecodeBuffer d = tableAt(e.sampledPositions[k]);
    int end = Math.min(e.count, e.sampledIndexes[k] + SAMPLING + 1);
    for (int i = e.sampledIndexes[k]; i < end; i++) {
      d.uvarint32();
      d.skip(d.uvarint32());
      String v = d.uvarintString();
      long off = d.uvarint();
      int c = Utf8Order.compare(v, value);
      if (c == 0) {
        return new PostingsRange(off, nextListOffset(d));
      }
      if (c > 0) {
        return null;
      }
    }
    return null;
  }

  /** Calls {@code visitor} for every value of {@code name} in ascending order with its postings range. */
  public void forEachValue(String name, ValueVisitor visitor) throws IOException {
    NameEntries e = names.get(name);
    if (e == null) {
      return;
    }
    DecodeBuffer d = tableAt(e.first);
    String prev = null;
    long prevOff = -1;
    for (int i = 0; i < e.count; i++) {
      d.uvarint32();
      d.skip(d.uvarint32());
      String v = d.uvarintString();
      long off = d.uvarint();
      if (prev != null) {
        visitor.accept(prev, prevOff, off);
      }
      prev = v;
      prevOff = off;
    }
    if (prev != null) {
      visitor.accept(prev, prevOff, nextListOffset(d));
    }
  }

  /** The offset of the entry following the one just read, or the end of the postings lists after the last one. */
  private long nextListOffset(DecodeBuffer d) throws CorruptBlockException {
    if (d.remaining() == 0) {
      return lastPostingsEnd;
    }
    d.uvarint32();
    d.skip(d.uvarint32());
    d.skip(d.uvarint32());
    return d.uvarint();
  }

  private DecodeBuffer tableAt(int position) {
    DecodeBuffer d = new DecodeBuffer(file, tableBase, table.duplicate());
    d.position(position);
    return d;
  }

  /** Mappings are released by the garbage collector; Java has no safe eager unmap. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "index-header " + file;
  }
}
