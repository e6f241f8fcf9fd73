package io.strata.tsdb.index;

import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.tsdb.encoding.ByteSource;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.DecodeBuffer;
import io.strata.tsdb.encoding.MappedFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Reads an index file (format v2, or v3 which is parsed identically) through a {@link ByteSource}.
 *
 * <p>At open it reads and checks only the TOC, the symbol table and the postings offset table, and
 * keeps, like Prometheus, every 32nd symbol offset and every 32nd postings-table entry per label name
 * (plus each name's last). Postings lists and series entries are read by offset on demand and their
 * CRCs checked on every read. Decoded symbols are cached (all of them for tables up to 4M symbols,
 * else a direct-mapped cache): Java must materialise a String per label, and names and values repeat
 * across millions of series.
 *
 * <p>Format: docs/format/tsdb-block-format.md §4.
 */
public final class IndexFileReader implements IndexReader {
  /** Below this many symbols every decoded symbol is kept (8 bytes per slot); above, a direct-mapped cache. */
  private static final int FULL_CACHE_LIMIT = 1 << 22;
  private static final int CACHE_SIZE = 1 << 16;

  private final ByteSource src;
  private final String file;
  private final long size;
  private final int version;
  private final Toc toc;

  private final ByteBuffer symbolTable;
  private final int symbolCount;
  private final int[] symbolSamples;
  private final String[] symbolsByOrdinal;
  private final Symbol[] symbolCache;

  private final ByteBuffer postingsTable;
  private final long postingsTableOffset;
  private final Map<String, NameEntries> names = new HashMap<>();
  private final List<String> sortedNames;

  private record Symbol(int ordinal, String value) {}

  /** Where a label name's entries are in the postings offset table, with every 32nd value sampled. */
  private record NameEntries(int first, int count, String[] sampledValues, int[] sampledPositions,
      int[] sampledIndexes) {}

  public static IndexFileReader open(Path indexFile) throws IOException {
    return new IndexFileReader(new MappedFileSource(indexFile));
  }

  /** Opens the index; takes ownership of {@code src} (closing it on failure too). */
  public IndexFileReader(ByteSource src) throws IOException {
    this.src = src;
    this.file = src.name();
    try {
      this.size = src.size();
      if (size < IndexFormat.HEADER_SIZE + IndexFormat.TOC_SIZE) {
        throw new CorruptBlockException(file, 0, "index file of " + size + " bytes is too short");
      }
      ByteBuffer header = src.read(0, IndexFormat.HEADER_SIZE);
      int magic = header.getInt(0);
      if (magic != IndexFormat.MAGIC) {
        throw new CorruptBlockException(file, 0,
            String.format("wrong magic %08x, want %08x (not an index file)", magic, IndexFormat.MAGIC));
      }
      version = header.get(4);
      if (version != IndexFormat.V2 && version != IndexFormat.V3) {
        throw new CorruptBlockException(file, 4, "unsupported index format version " + version
            + (version == IndexFormat.V1 ? " (v1 is from Prometheus 1.x-era blocks; rewrite them with a newer Prometheus)" : ""));
      }
      toc = Toc.read(file, size, src.read(size - IndexFormat.TOC_SIZE, IndexFormat.TOC_SIZE));

      symbolTable = section(toc.symbols(), "symbol table");
      DecodeBuffer d = new DecodeBuffer(file, toc.symbols() + 4, symbolTable);
      symbolCount = d.be32();
      if (symbolCount < 0) {
        throw d.corrupt("negative symbol count");
      }
      symbolSamples = new int[(symbolCount + IndexFormat.SAMPLING - 1) / IndexFormat.SAMPLING];
      symbolsByOrdinal = symbolCount <= FULL_CACHE_LIMIT ? new String[symbolCount] : null;
      symbolCache = symbolsByOrdinal == null ? new Symbol[CACHE_SIZE] : null;
      for (int i = 0; i < symbolCount; i++) {
        if (i % IndexFormat.SAMPLING == 0) {
          symbolSamples[i / IndexFormat.SAMPLING] = d.position();
        }
        d.skip(d.uvarint32());
      }
      if (d.remaining() != 0) {
        throw d.corrupt("symbol table has " + d.remaining() + " bytes after its " + symbolCount + " symbols");
      }

      postingsTableOffset = toc.postingsTable() + 4;
      postingsTable = section(toc.postingsTable(), "postings offset table");
      sortedNames = readPostingsTable();
    } catch (IOException | RuntimeException e) {
      src.close();
      throw e;
    }
  }

  /** Reads a {@code len | payload | CRC32C} section, checks the CRC and returns the payload. */
  private ByteBuffer section(long offset, String what) throws IOException {
    if (offset + 4 > size) {
      throw new CorruptBlockException(file, offset, what + " starts past the end of the file");
    }
    long len = src.read(offset, 4).getInt(0) & 0xFFFF_FFFFL;
    if (offset + 4 + len + 4 > size) {
      throw new CorruptBlockException(file, offset, what + " of " + len + " bytes runs past the end of the file (size "
          + size + ")");
    }
    ByteBuffer b = src.read(offset + 4, (int) (len + 4));
    DecodeBuffer check = new DecodeBuffer(file, offset + 4, b.duplicate());
    check.skip((int) len);
    check.checkCrc32c(0, what);
    return b.slice(0, (int) len);
  }

  private List<String> readPostingsTable() throws CorruptBlockException {
    DecodeBuffer d = new DecodeBuffer(file, postingsTableOffset, postingsTable.duplicate());
    int n = d.be32();
    List<String> ordered = new ArrayList<>();
    NameScan cur = null;
    long prevOffset = -1;
    for (int i = 0; i < n; i++) {
      int entryPos = d.position();
      int keys = d.uvarint32();
      if (keys != 2) {
        throw d.corrupt("postings offset table entry with " + keys + " keys, want 2");
      }
      String name = d.uvarintString();
      String value = d.uvarintString();
      long off = d.uvarint();
      if (off <= prevOffset || off >= size) {
        throw d.corrupt("postings list offset " + off + " for " + name + "=\"" + value
            + "\" out of order or past the end");
      }
      prevOffset = off;
      if (cur == null || !name.equals(cur.name)) {
        if (cur != null) {
          if (Utf8Order.compare(cur.name, name) >= 0) {
            throw d.corrupt("label names out of order in postings offset table: " + cur.name + " before " + name);
          }
          names.put(cur.name, cur.finish());
          ordered.add(cur.name);
        }
        cur = new NameScan(name, entryPos);
      } else if (Utf8Order.compare(cur.lastValue, value) >= 0) {
        throw d.corrupt("label values out of order for " + name + ": \"" + cur.lastValue + "\" before \""
            + value + "\"");
      }
      cur.add(value, entryPos);
    }
    if (cur != null) {
      names.put(cur.name, cur.finish());
      ordered.add(cur.name);
    }
    return ordered;
  }

  /** Collects one label name's sampled entries while scanning the postings offset table. */
  private static final class NameScan {
    final String name;
    final int first;
    int count;
    String lastValue;
    int lastPos;
    final List<String> values = new ArrayList<>();
    final List<Integer> positions = new ArrayList<>();
    final List<Integer> indexes = new ArrayList<>();

    NameScan(String name, int first) {
      this.name = name;
      this.first = first;
    }

    void add(String value, int pos) {
      if (count % IndexFormat.SAMPLING == 0) {
        values.add(value);
        positions.add(pos);
        indexes.add(count);
      }
      lastValue = value;
      lastPos = pos;
      count++;
    }

    NameEntries finish() {
      if ((count - 1) % IndexFormat.SAMPLING != 0) {
        values.add(lastValue);
        positions.add(lastPos);
        indexes.add(count - 1);
      }
      int[] pos = new int[positions.size()];
      int[] idx = new int[indexes.size()];
      for (int i = 0; i < pos.length; i++) {
        pos[i] = positions.get(i);
        idx[i] = indexes.get(i);
      }
      return new NameEntries(first, count, values.toArray(new String[0]), pos, idx);
    }
  }

  public int version() {
    return version;
  }

  public Toc toc() {
    return toc;
  }

  public long size() {
    return size;
  }

  public int symbolCount() {
    return symbolCount;
  }

  /** The symbol with the given ordinal (format v2 symbol reference). */
  public String symbol(int ordinal) throws CorruptBlockException {
    if (ordinal < 0 || ordinal >= symbolCount) {
      throw new CorruptBlockException(file, -1, "symbol reference " + ordinal + " out of range (" + symbolCount
          + " symbols)");
    }
    if (symbolsByOrdinal != null) {
      // Racing threads may both decode a slot; Strings are immutable, so either result is fine.
      String s = symbolsByOrdinal[ordinal];
      if (s == null) {
        s = decodeSymbol(ordinal);
        symbolsByOrdinal[ordinal] = s;
      }
      return s;
    }
    int slot = ordinal & (CACHE_SIZE - 1);
    Symbol cached = symbolCache[slot];
    if (cached != null && cached.ordinal == ordinal) {
      return cached.value;
    }
    String s = decodeSymbol(ordinal);
    symbolCache[slot] = new Symbol(ordinal, s);
    return s;
  }

  private String decodeSymbol(int ordinal) throws CorruptBlockException {
    DecodeBuffer d = new DecodeBuffer(file, toc.symbols() + 4, symbolTable.duplicate());
    d.position(symbolSamples[ordinal / IndexFormat.SAMPLING]);
    for (int i = ordinal % IndexFormat.SAMPLING; i > 0; i--) {
      d.skip(d.uvarint32());
    }
    return d.uvarintString();
  }

  @Override
  public Iterator<String> symbols() {
    DecodeBuffer d = new DecodeBuffer(file, toc.symbols() + 4, symbolTable.duplicate());
    d.position(4);
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < symbolCount;
      }

      @Override
      public String next() {
        if (i >= symbolCount) {
          throw new NoSuchElementException();
        }
        i++;
        try {
          return d.uvarintString();
        } catch (CorruptBlockException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  @Override
  public List<String> labelNames() {
    List<String> out = new ArrayList<>(sortedNames.size());
    for (String n : sortedNames) {
      if (!n.isEmpty()) {
        out.add(n);
      }
    }
    return out;
  }

  @Override
  public List<String> labelValues(String name) throws IOException {
    NameEntries e = names.get(name);
    if (e == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(e.count);
    DecodeBuffer d = tableAt(e.first);
    for (int i = 0; i < e.count; i++) {
      d.uvarint32();
      d.skip(d.uvarint32());
      out.add(d.uvarintString());
      d.uvarint();
    }
    return out;
  }

  /** Offset of the postings list of {@code name=value}, or -1 if there is none. */
  public long postingsOffset(String name, String value) throws IOException {
    NameEntries e = names.get(name);
    if (e == null) {
      return -1;
    }
    int k = Arrays.binarySearch(e.sampledValues, value, Utf8Order.COMPARATOR);
    if (k < 0) {
      k = -k - 2;
      if (k < 0) {
        return -1;
      }
    }
    DecodeBuffer d = tableAt(e.sampledPositions[k]);
    int scanned = Math.min(IndexFormat.SAMPLING, e.count - e.sampledIndexes[k]);
    for (int i = 0; i < scanned; i++) {
      d.uvarint32();
      d.skip(d.uvarint32());
      String v = d.uvarintString();
      long off = d.uvarint();
      int c = Utf8Order.compare(v, value);
      if (c == 0) {
        return off;
      }
      if (c > 0) {
        return -1;
      }
    }
    return -1;
  }

  private DecodeBuffer tableAt(int position) {
    DecodeBuffer d = new DecodeBuffer(file, postingsTableOffset, postingsTable.duplicate());
    d.position(position);
    return d;
  }

  @Override
  public Postings postings(String name, List<String> values) throws IOException {
    if (values.size() == 1) {
      long off = postingsOffset(name, values.get(0));
      return off < 0 ? Postings.EMPTY : postingsAt(off);
    }
    List<Postings> lists = new ArrayList<>(values.size());
    for (String v : values) {
      long off = postingsOffset(name, v);
      if (off >= 0) {
        lists.add(postingsAt(off));
      }
    }
    return Postings.merge(lists);
  }

  @Override
  public Postings postingsForValues(String name, Predicate<String> accept) throws IOException {
    NameEntries e = names.get(name);
    if (e == null) {
      return Postings.EMPTY;
    }
    List<Postings> lists = new ArrayList<>();
    DecodeBuffer d = tableAt(e.first);
    for (int i = 0; i < e.count; i++) {
      d.uvarint32();
      d.skip(d.uvarint32());
      String v = d.uvarintString();
      long off = d.uvarint();
      if (accept.test(v)) {
        lists.add(postingsAt(off));
      }
    }
    return Postings.merge(lists);
  }

  /** Reads and CRC-checks the postings list whose length field is at {@code offset}. */
  public BigEndianPostings postingsAt(long offset) throws IOException {
    if (offset + 4 > size) {
      throw new CorruptBlockException(file, offset, "postings list starts past the end of the file");
    }
    long len = src.read(offset, 4).getInt(0) & 0xFFFF_FFFFL;
    if (len < 4 || offset + 8 + len > size) {
      throw new CorruptBlockException(file, offset, "postings list of " + len + " bytes is invalid or runs past the end");
    }
    ByteBuffer b = src.read(offset + 4, (int) len + 4);
    DecodeBuffer d = new DecodeBuffer(file, offset + 4, b);
    int n = d.be32();
    if (len != 4 + 4L * n) {
      throw new CorruptBlockException(file, offset, "postings list length " + len + " does not match its " + n + " entries");
    }
    d.skip(4 * n);
    d.checkCrc32c(0, "postings list");
    return new BigEndianPostings(b, 4, n);
  }

  @Override
  public void series(long ref, SeriesEntry into) throws IOException {
    long off = ref * IndexFormat.SERIES_ALIGNMENT;
    if (ref <= 0 || off >= size) {
      throw new CorruptBlockException(file, off, "series reference " + ref + " outside the file");
    }
    DecodeBuffer d = new DecodeBuffer(file, off, src.read(off, (int) Math.min(5, size - off)));
    int len = d.uvarint32();
    long bodyOff = off + d.position();
    if (bodyOff + len + 4 > size) {
      throw new CorruptBlockException(file, off, "series entry of " + len + " bytes runs past the end of the file");
    }
    d.reset(file, bodyOff, src.read(bodyOff, len + 4));
    d.skip(len);
    d.checkCrc32c(0, "series entry");
    d.position(0);
    decodeSeries(d, into);
  }

  private void decodeSeries(DecodeBuffer d, SeriesEntry into) throws IOException {
    into.clear();
    int nLabels = d.uvarint32();
    if (nLabels > d.remaining()) {
      throw d.corrupt("series entry claims " + nLabels + " labels");
    }
    String[] pairs = new String[nLabels * 2];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = symbol(d.uvarint32());
    }
    try {
      into.labels(Labels.ofSorted(pairs));
    } catch (IllegalArgumentException e) {
      throw d.corrupt("series labels invalid: " + e.getMessage());
    }
    int nChunks = d.uvarint32();
    ChunkMetaList chunks = into.chunks();
    long prevMaxT = 0;
    long prevRef = 0;
    for (int i = 0; i < nChunks; i++) {
      long minT;
      long ref;
      if (i == 0) {
        minT = d.varint();
        long maxT = minT + d.uvarint();
        ref = d.uvarint();
        chunks.add(minT, maxT, ref);
        prevMaxT = maxT;
      } else {
        minT = prevMaxT + d.uvarint();
        long maxT = minT + d.uvarint();
        ref = prevRef + d.varint();
        chunks.add(minT, maxT, ref);
        prevMaxT = maxT;
      }
      prevRef = ref;
    }
  }

  @Override
  public void close() throws IOException {
    src.close();
  }
}
