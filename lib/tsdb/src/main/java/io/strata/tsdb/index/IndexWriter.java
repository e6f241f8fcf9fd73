package io.strata.tsdb.index;

import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.tsdb.encoding.ByteSource;
import io.strata.tsdb.encoding.DecodeBuffer;
import io.strata.tsdb.encoding.EncodeBuffer;
import io.strata.tsdb.encoding.MappedFileSource;
import io.strata.tsdb.util.IntArrayList;
import io.strata.tsdb.util.LongArrayList;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Writes an index file (format v2) in three stages, like Prometheus's {@code index.Writer}: all
 * symbols in ascending order, then all series in ascending label order (with chunk references already
 * known), then {@link #finish()} writes postings, the postings offset table and the TOC.
 *
 * <p>Memory is bounded by the symbols and the postings of one batch of label names, not by the
 * series: series entries go straight to disk, and postings are built afterwards by re-reading the
 * series section (memory-mapped) in batches of label names, as Prometheus does.
 *
 * <p>Format: docs/format/tsdb-block-format.md §4.
 */
public final class IndexWriter implements Closeable {
  /** Label occurrences (8 bytes each while sorting) collected per postings batch: 64 MiB. */
  private static final long POSTINGS_BATCH_ENTRIES = 8L << 20;

  private enum Stage { SYMBOLS, SERIES, DONE }

  private final Path file;
  private final FileChannel channel;
  private final OutputStream out;
  private long pos;
  private Stage stage = Stage.SYMBOLS;

  private final Map<String, Integer> symbolOrdinals = new HashMap<>();
  private final List<String> symbols = new ArrayList<>();
  private long seriesStart;
  private Labels lastSeries;
  private long lastChunkRef;
  private final IntArrayList seriesRefs = new IntArrayList(1024);
  private final Map<Integer, long[]> nameOccurrences = new TreeMap<>();
  private final EncodeBuffer entry = new EncodeBuffer(512);
  private final EncodeBuffer body = new EncodeBuffer(512);
  private long maxSeriesEntrySize;
  private Toc toc;

  public IndexWriter(Path file) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
    EncodeBuffer header = new EncodeBuffer(8);
    header.putBe32(IndexFormat.MAGIC).putByte(IndexFormat.V2);
    write(header);
  }

  /**
   * Writes the symbol table: every label name and value the series will use, strictly ascending in
   * UTF-8 byte order, no duplicates. Must be called exactly once, before any series.
   */
  public void addSymbols(Iterator<String> sortedSymbols) throws IOException {
    if (stage != Stage.SYMBOLS || !symbols.isEmpty()) {
      throw new IllegalStateException("symbols must be added once, before series");
    }
    String prev = null;
    while (sortedSymbols.hasNext()) {
      String s = sortedSymbols.next();
      if (prev != null && Utf8Order.compare(prev, s) >= 0) {
        throw new IllegalArgumentException("symbols not strictly ascending: \"" + prev + "\" then \"" + s + "\"");
      }
      symbolOrdinals.put(s, symbols.size());
      symbols.add(s);
      prev = s;
    }
    // The section length precedes the payload but is only known after encoding it: patch it after.
    long start = pos;
    EncodeBuffer b = new EncodeBuffer(1 << 16);
    b.putBe32(0).putBe32(symbols.size());
    CRC32C crc = new CRC32C();
    int crcFrom = 4;
    for (String s : symbols) {
      b.putUvarintString(s);
      if (b.length() > (1 << 16) - 1024) {
        crc.update(b.array(), crcFrom, b.length() - crcFrom);
        write(b);
        b.reset();
        crcFrom = 0;
      }
    }
    crc.update(b.array(), crcFrom, b.length() - crcFrom);
    b.putBe32((int) crc.getValue());
    write(b);
    long len = pos - start - 8;
    if (len > 0xFFFF_FFFFL) {
      throw new IOException(file + ": symbol table exceeds 4 GiB");
    }
    patch(start, (int) len);
    stage = Stage.SERIES;
    seriesStart = pos;
  }

  /**
   * Adds a series: labels strictly greater than the previous series', every name and value in the
   * symbol table, chunks in time order without overlap and with references not lower than any
   * written before.
   */
  public void addSeries(Labels labels, ChunkMetaList chunks) throws IOException {
    if (stage != Stage.SERIES) {
      throw new IllegalStateException(stage == Stage.SYMBOLS ? "add symbols before series" : "index already finished");
    }
    if (lastSeries != null && lastSeries.compareTo(labels) >= 0) {
      throw new IllegalArgumentException("series out of order: " + labels + " after " + lastSeries);
    }
    body.reset();
    body.putUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      int nameOrd = ordinal(labels, labels.name(i));
      int valueOrd = ordinal(labels, labels.value(i));
      body.putUvarint(nameOrd).putUvarint(valueOrd);
      nameOccurrences.computeIfAbsent(nameOrd, k -> new long[1])[0]++;
    }
    int n = chunks.size();
    body.putUvarint(n);
    long prevMaxT = 0;
    long prevRef = 0;
    for (int i = 0; i < n; i++) {
      long minT = chunks.minTime(i);
      long maxT = chunks.maxTime(i);
      long ref = chunks.ref(i);
      if (maxT < minT) {
        throw new IllegalArgumentException(labels + ": chunk " + i + " has maxTime " + maxT + " < minTime " + minT);
      }
      if (Long.compareUnsigned(ref, lastChunkRef) < 0) {
        throw new IllegalArgumentException(labels + ": chunk reference " + ref + " lower than the previous "
            + lastChunkRef + " (chunks must be written in series order)");
      }
      if (i == 0) {
        body.putVarint(minT).putUvarint(maxT - minT).putUvarint(ref);
      } else {
        if (minT <= prevMaxT) {
          throw new IllegalArgumentException(labels + ": chunk " + i + " starts at " + minT
              + ", not after the previous chunk's end " + prevMaxT);
        }
        body.putUvarint(minT - prevMaxT).putUvarint(maxT - minT).putVarint(ref - prevRef);
      }
      prevMaxT = maxT;
      prevRef = ref;
      lastChunkRef = ref;
    }
    pad(IndexFormat.SERIES_ALIGNMENT);
    long ref = pos / IndexFormat.SERIES_ALIGNMENT;
    if (ref > 0xFFFF_FFFFL) {
      throw new IOException(file + ": index exceeds 64 GiB, series references no longer fit 32 bits");
    }
    entry.reset();
    entry.putUvarint(body.length());
    entry.putBytes(body.array(), 0, body.length());
    entry.putCrc32c(entry.length() - body.length());
    maxSeriesEntrySize = Math.max(maxSeriesEntrySize, entry.length());
    write(entry);
    seriesRefs.add((int) ref);
    lastSeries = labels;
  }

  private int ordinal(Labels series, String s) {
    Integer o = symbolOrdinals.get(s);
    if (o == null) {
      throw new IllegalArgumentException("series " + series + " uses \"" + s + "\", which is not in the symbol table");
    }
    return o;
  }

  /** Writes postings, the postings offset table and the TOC, then fsyncs and closes the file. */
  public Toc finish() throws IOException {
    if (stage == Stage.SYMBOLS) {
      addSymbols(List.<String>of().iterator());
    }
    if (stage != Stage.SERIES) {
      throw new IllegalStateException("index already finished");
    }
    long seriesEnd = pos;
    pad(4);
    long postingsStart = seriesEnd;
    EncodeBuffer table = new EncodeBuffer(1 << 16);
    int tableEntries = 0;
    EncodeBuffer list = new EncodeBuffer(1 << 16);

    // The all-postings list under the key ("", "").
    tableEntries += writePostingsEntry(table, "", "");
    writePostingsList(list, seriesRefs.array(), seriesRefs.size());

    out.flush();
    if (seriesRefs.size() > 0) {
      try (MappedFileSource index = new MappedFileSource(file)) {
        List<List<Integer>> batches = nameBatches();
        for (List<Integer> batch : batches) {
          tableEntries += writeBatch(index, batch, table, list);
        }
      }
    }

    long tableStart = pos;
    EncodeBuffer header = new EncodeBuffer(8);
    header.putBe32(0).putBe32(tableEntries);
    long tableLen = 4L + table.length();
    if (tableLen > 0xFFFF_FFFFL) {
      throw new IOException(file + ": postings offset table exceeds 4 GiB");
    }
    header.setBe32(0, (int) tableLen);
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 4, 4);
    crc.update(table.array(), 0, table.length());
    write(header);
    write(table);
    EncodeBuffer tail = new EncodeBuffer(4 + IndexFormat.TOC_SIZE);
    tail.putBe32((int) crc.getValue());
    toc = new Toc(5, seriesStart, seriesEnd, tableStart, postingsStart, tableStart);
    toc.writeTo(tail);
    write(tail);
    out.flush();
    channel.force(true);
    channel.close();
    stage = Stage.DONE;
    return toc;
  }

  /** Splits label names (ascending) into batches whose postings fit the batch budget. */
  private List<List<Integer>> nameBatches() {
    List<List<Integer>> batches = new ArrayList<>();
    List<Integer> cur = new ArrayList<>();
    long count = 0;
    for (Map.Entry<Integer, long[]> e : nameOccurrences.entrySet()) {
      long c = e.getValue()[0];
      if (!cur.isEmpty() && count + c > POSTINGS_BATCH_ENTRIES) {
        batches.add(cur);
        cur = new ArrayList<>();
        count = 0;
      }
      cur.add(e.getKey());
      count += c;
    }
    if (!cur.isEmpty()) {
      batches.add(cur);
    }
    return batches;
  }

  /** Re-reads the series section and writes the postings of the label names in {@code batch}. */
  private int writeBatch(ByteSource index, List<Integer> batch, EncodeBuffer table, EncodeBuffer list)
      throws IOException {
    Map<Integer, LongArrayList> byName = new HashMap<>();
    for (int name : batch) {
      byName.put(name, new LongArrayList((int) Math.min(Integer.MAX_VALUE - 8, nameOccurrences.get(name)[0])));
    }
    int lo = batch.get(0);
    int hi = batch.get(batch.size() - 1);
    DecodeBuffer d = new DecodeBuffer(file.toString(), 0, ByteBuffer.allocate(0));
    int[] refs = seriesRefs.array();
    long size = index.size();
    for (int i = 0; i < seriesRefs.size(); i++) {
      long off = (refs[i] & 0xFFFF_FFFFL) * IndexFormat.SERIES_ALIGNMENT;
      d.reset(file.toString(), off, index.read(off, (int) Math.min(size - off, 5)));
      int len = d.uvarint32();
      long bodyOff = off + d.position();
      d.reset(file.toString(), bodyOff, index.read(bodyOff, len));
      int nLabels = d.uvarint32();
      for (int l = 0; l < nLabels; l++) {
        int name = d.uvarint32();
        int value = d.uvarint32();
        if (name >= lo && name <= hi) {
          LongArrayList postings = byName.get(name);
          if (postings != null) {
            postings.add(((long) value << 32) | (refs[i] & 0xFFFF_FFFFL));
          }
        }
      }
    }
    int entries = 0;
    IntArrayList group = new IntArrayList(1024);
    for (int name : batch) {
      LongArrayList pairs = byName.remove(name);
      pairs.sort();
      long[] a = pairs.array();
      int i = 0;
      while (i < pairs.size()) {
        int value = (int) (a[i] >>> 32);
        group.clear();
        while (i < pairs.size() && (int) (a[i] >>> 32) == value) {
          group.add((int) a[i]);
          i++;
        }
        entries += writePostingsEntry(table, symbols.get(name), symbols.get(value));
        writePostingsList(list, group.array(), group.size());
      }
    }
    return entries;
  }

  private int writePostingsEntry(EncodeBuffer table, String name, String value) {
    table.putUvarint(2).putUvarintString(name).putUvarintString(value).putUvarint(pos);
    return 1;
  }

  private void writePostingsList(EncodeBuffer b, int[] refs, int n) throws IOException {
    b.reset();
    b.putBe32(4 + 4 * n).putBe32(n);
    for (int i = 0; i < n; i++) {
      b.putBe32(refs[i]);
    }
    b.putCrc32c(4);
    write(b);
  }

  /** The largest series entry written, in bytes (Thanos {@code index_stats.series_max_size}). */
  public long maxSeriesEntrySize() {
    return maxSeriesEntrySize;
  }

  public int seriesCount() {
    return seriesRefs.size();
  }

  public long size() {
    return pos;
  }

  private void write(EncodeBuffer b) throws IOException {
    b.writeTo(out);
    pos += b.length();
  }

  private void pad(int alignment) throws IOException {
    int n = (int) ((alignment - pos % alignment) % alignment);
    for (int i = 0; i < n; i++) {
      out.write(0);
    }
    pos += n;
  }

  private void patch(long at, int v) throws IOException {
    out.flush();
    ByteBuffer b = ByteBuffer.allocate(4).putInt(0, v);
    while (b.hasRemaining()) {
      channel.write(b, at + b.position());
    }
  }

  /** Closes the file; an unfinished index is left incomplete and must be deleted by the caller. */
  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      try {
        out.flush();
      } finally {
        channel.close();
      }
    }
  }
}
