package io.strata.store.bucket;

import java.util.List;
import java.util.Map;

/**
 * A cache of index bytes read from the bucket, keyed by block: postings lists (from their length field to their
 * CRC) and series entries (from their length varint to their CRC). Index data of a block never changes, so entries
 * are never stale; they only need evicting.
 *
 * <p>Lookups take a batch of keys so that a remote cache (memcached) can answer with one multi-get. Values are
 * owned by the cache once stored and by the caller once fetched; neither side mutates them. Implementations are
 * thread-safe and must not throw for a failed remote lookup: a miss is always an acceptable answer.
 */
public interface IndexCache {
  /** A postings list key within a block. */
  record PostingsKey(String name, String value) {}

  /** The cached postings lists among {@code keys}; missing keys are absent from the result. */
  Map<PostingsKey, byte[]> fetchPostings(String blockId, List<PostingsKey> keys);

  void storePostings(String blockId, PostingsKey key, byte[] list);

  /** The cached series entries among {@code refs[from..to)}; missing refs are absent from the result. */
  Map<Long, byte[]> fetchSeries(String blockId, long[] refs, int from, int to);

  void storeSeries(String blockId, long ref, byte[] entry);

  /** A cache that holds nothing. */
  IndexCache NOOP = new IndexCache() {
    @Override
    public Map<PostingsKey, byte[]> fetchPostings(String blockId, List<PostingsKey> keys) {
      return Map.of();
    }

    @Override
    public void storePostings(String blockId, PostingsKey key, byte[] list) {}

    @Override
    public Map<Long, byte[]> fetchSeries(String blockId, long[] refs, int from, int to) {
      return Map.of();
    }

    @Override
    public void storeSeries(String blockId, long ref, byte[] entry) {}
  };
}
