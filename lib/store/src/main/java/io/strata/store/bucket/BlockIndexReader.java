package io.strata.store.bucket;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.store.bucket.BucketStoreMetrics.DataType;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.DecodeBuffer;
import io.strata.tsdb.index.BigEndianPostings;
import io.strata.tsdb.index.ChunkMetaList;
import io.strata.tsdb.index.IndexFormat;
import io.strata.tsdb.index.IndexReader;
import io.strata.tsdb.index.Postings;
import io.strata.tsdb.index.PostingsForMatchers;
import io.strata.tsdb.index.SeriesEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * A block's index for one request: label names and values and postings offsets come from the index-header;
 * postings lists and series entries come from the index object in the bucket (or the index cache).
 *
 * <p>Postings are resolved in two phases so that every list a query needs is fetched with one batch of merged
 * ranged GETs: {@link PostingsForMatchers} builds the postings expression over lazy lists, which only record
 * which lists they stand for; {@link #expandPostings} then fetches all recorded lists at once and evaluates the
 * expression. Not thread-safe: one instance per request and block.
 */
final class BlockIndexReader implements IndexReader {
  private final StoreBlock block;
  private final QueryContext ctx;
  private final IndexHeaderReader header;
  private final Map<IndexCache.PostingsKey, LazyPostings> pending = new LinkedHashMap<>();

  BlockIndexReader(StoreBlock block, IndexHeaderReader header, QueryContext ctx) {
    this.block = block;
    this.ctx = ctx;
    this.header = header;
  }

  /** The refs of the series selected by {@code matchers}, ascending. Empty matchers select every series. */
  long[] expandPostings(List<LabelMatcher> matchers) throws IOException {
    Postings p = PostingsForMatchers.select(this, matchers);
    fetchPending();
    return Postings.toArray(p);
  }

  @Override
  public Iterator<String> symbols() {
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < header.symbolCount();
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        try {
          return header.symbol(i++);
        } catch (CorruptBlockException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  @Override
  public List<String> labelNames() {
    return header.labelNames();
  }

  @Override
  public List<String> labelValues(String name) throws IOException {
    return header.labelValues(name);
  }

  @Override
  public Postings postings(String name, List<String> values) throws IOException {
    List<Postings> lists = new ArrayList<>(values.size());
    for (String v : values) {
      IndexHeaderReader.PostingsRange r = header.postingsRange(name, v);
      if (r != null) {
        lists.add(lazy(name, v, r.start(), r.end()));
      }
    }
    return Postings.merge(lists);
  }

  @Override
  public Postings postingsForValues(String name, Predicate<String> accept) throws IOException {
    List<Postings> lists = new ArrayList<>();
    header.forEachValue(name, (v, start, end) -> {
      if (accept.test(v)) {
        lists.add(lazy(name, v, start, end));
      }
    });
    return Postings.merge(lists);
  }

  private Postings lazy(String name, String value, long start, long end) {
    IndexCache.PostingsKey key = new IndexCache.PostingsKey(name, value);
    LazyPostings p = pending.get(key);
    if (p == null) {
      p = new LazyPostings(start, end);
      pending.put(key, p);
      return p;
    }
    // The same list used twice in one expression (e.g. intersected and subtracted) needs its own cursor.
    LazyPostings alias = new LazyPostings(start, end);
    p.aliases.add(alias);
    return alias;
  }

  /** Fetches every recorded postings list: cache first, then merged ranged GETs for the rest. */
  private void fetchPending() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    List<IndexCache.PostingsKey> keys = new ArrayList<>(pending.keySet());
    Map<IndexCache.PostingsKey, byte[]> hits = ctx.cache.fetchPostings(block.id, keys);
    BucketStoreMetrics.TypeMeters m = ctx.metrics.type(DataType.POSTINGS);
    m.cacheHits().increment(hits.size());
    m.cacheMisses().increment(keys.size() - hits.size());
    List<IndexCache.PostingsKey> misses = new ArrayList<>(keys.size() - hits.size());
    for (IndexCache.PostingsKey k : keys) {
      byte[] hit = hits.get(k);
      if (hit != null) {
        LazyPostings p = pending.get(k);
        p.set(hit, checkPostings(hit, p.start));
      } else {
        misses.add(k);
      }
    }
    if (!misses.isEmpty()) {
      // Table order is offset order, and keys were recorded in table order per label, but not across labels.
      misses.sort((a, b) -> Long.compare(pending.get(a).start, pending.get(b).start));
      int n = misses.size();
      long[] starts = new long[n];
      long[] ends = new long[n];
      for (int i = 0; i < n; i++) {
        LazyPostings p = pending.get(misses.get(i));
        starts[i] = p.start;
        ends[i] = Math.max(p.end, p.start + 12);
      }
      byte[][] lists = new byte[n][];
      new RangeFetcher(ctx, block.bucket, block.indexObject(), RangeFetcher.Format.POSTINGS, DataType.POSTINGS,
          "postings of block " + block.id).fetch(starts, ends, n, lists, 0);
      for (int i = 0; i < n; i++) {
        IndexCache.PostingsKey k = misses.get(i);
        pending.get(k).set(lists[i], checkPostings(lists[i], starts[i]));
        ctx.cache.storePostings(block.id, k, lists[i]);
      }
    }
    pending.clear();
  }

  /** Checks a postings list's length and CRC; returns its number of entries. */
  private int checkPostings(byte[] list, long offset) throws CorruptBlockException {
    String file = block.bucket.name() + "/" + block.indexObject();
    ByteBuffer b = ByteBuffer.wrap(list);
    long len = b.getInt(0) & 0xFFFF_FFFFL;
    int n = b.getInt(4);
    if (len != 4 + 4L * n || list.length != 8 + len) {
      throw new CorruptBlockException(file, offset, "postings list length " + len + " does not match its " + n
          + " entries");
    }
    CRC32C crc = new CRC32C();
    crc.update(list, 4, (int) len);
    if ((int) crc.getValue() != b.getInt(4 + (int) len)) {
      throw new CorruptBlockException(file, offset, "CRC32C mismatch in postings list");
    }
    return n;
  }

  /**
   * Series entries {@code refs[from..to)} as raw bytes (length varint to CRC), from the cache or by merged ranged
   * GETs. Entries are read to an estimated maximum size and read again if longer.
   */
  byte[][] loadSeries(long[] refs, int from, int to) throws IOException {
    int count = to - from;
    byte[][] out = new byte[count][];
    Map<Long, byte[]> hits = ctx.cache.fetchSeries(block.id, refs, from, to);
    BucketStoreMetrics.TypeMeters m = ctx.metrics.type(DataType.SERIES);
    m.cacheHits().increment(hits.size());
    m.cacheMisses().increment(count - hits.size());
    int[] missAt = new int[count - hits.size()];
    long[] starts = new long[missAt.length];
    long[] ends = new long[missAt.length];
    int n = 0;
    long limit = header.lastPostingsEnd();
    for (int i = 0; i < count; i++) {
      long ref = refs[from + i];
      byte[] hit = hits.isEmpty() ? null : hits.get(ref);
      if (hit != null) {
        out[i] = hit;
        continue;
      }
      long start = ref * IndexFormat.SERIES_ALIGNMENT;
      if (ref <= 0 || start >= limit) {
        throw new CorruptBlockException(block.bucket.name() + "/" + block.indexObject(), start,
            "series reference " + ref + " outside the series section");
      }
      missAt[n] = i;
      starts[n] = start;
      ends[n] = Math.min(start + block.estimatedMaxSeriesSize, limit);
      n++;
    }
    if (n > 0) {
      byte[][] fetched = new byte[n][];
      new RangeFetcher(ctx, block.bucket, block.indexObject(), RangeFetcher.Format.SERIES, DataType.SERIES,
          "series of block " + block.id).fetch(starts, ends, n, fetched, 0);
      for (int k = 0; k < n; k++) {
        out[missAt[k]] = fetched[k];
        ctx.cache.storeSeries(block.id, refs[from + missAt[k]], fetched[k]);
      }
    }
    return out;
  }

  /** Decodes a raw series entry (checking its CRC) into labels and chunk metas. */
  void decodeSeries(long ref, byte[] entry, SeriesEntry into) throws IOException {
    String file = block.bucket.name() + "/" + block.indexObject();
    long off = ref * IndexFormat.SERIES_ALIGNMENT;
    DecodeBuffer d = new DecodeBuffer(file, off, ByteBuffer.wrap(entry));
    int len = d.uvarint32();
    int bodyStart = d.position();
    if (d.remaining() != len + 4) {
      throw d.corrupt("series entry of " + len + " bytes does not match its " + entry.length + " bytes read");
    }
    d.skip(len);
    d.checkCrc32c(bodyStart, "series entry");
    d.position(bodyStart);
    into.clear();
    int nLabels = d.uvarint32();
    if (nLabels > d.remaining()) {
      throw d.corrupt("series entry claims " + nLabels + " labels");
    }
    String[] pairs = new String[nLabels * 2];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = header.symbol(d.uvarint32());
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
      long minT = i == 0 ? d.varint() : prevMaxT + d.uvarint();
      long maxT = minT + d.uvarint();
      long chunkRef = i == 0 ? d.uvarint() : prevRef + d.varint();
      chunks.add(minT, maxT, chunkRef);
      prevMaxT = maxT;
      prevRef = chunkRef;
    }
  }

  @Override
  public void series(long ref, SeriesEntry into) throws IOException {
    decodeSeries(ref, loadSeries(new long[] {ref}, 0, 1)[0], into);
  }

  @Override
  public void close() {}

  /**
   * A postings list that is known by its range until {@link #fetchPending} fills it in. Iterating it before then
   * is a programming error.
   */
  private static final class LazyPostings implements Postings {
    final long start;
    final long end;
    final List<LazyPostings> aliases = new ArrayList<>(0);
    private Postings delegate;

    LazyPostings(long start, long end) {
      this.start = start;
      this.end = end;
    }

    void set(byte[] list, int n) {
      delegate = new BigEndianPostings(ByteBuffer.wrap(list), 8, n);
      for (LazyPostings a : aliases) {
        a.delegate = new BigEndianPostings(ByteBuffer.wrap(list), 8, n);
      }
    }

    private Postings d() {
      if (delegate == null) {
        throw new IllegalStateException("postings list iterated before it was fetched");
      }
      return delegate;
    }

    @Override
    public boolean next() {
      return d().next();
    }

    @Override
    public boolean seek(long v) {
      return d().seek(v);
    }

    @Override
    public long at() {
      return d().at();
    }
  }
}
