package io.strata.tsdb.index;

import io.strata.tsdb.util.LongArrayList;

/**
 * The chunk references of one series as stored in its index entry: per chunk the first and last
 * sample timestamps (inclusive) and the chunk reference. Reusable ({@link #clear()}) so that readers
 * iterating millions of series do not allocate per series.
 */
public final class ChunkMetaList {
  private final LongArrayList minTimes = new LongArrayList(8);
  private final LongArrayList maxTimes = new LongArrayList(8);
  private final LongArrayList refs = new LongArrayList(8);

  public void add(long minTime, long maxTime, long ref) {
    minTimes.add(minTime);
    maxTimes.add(maxTime);
    refs.add(ref);
  }

  public int size() {
    return refs.size();
  }

  public long minTime(int i) {
    return minTimes.get(i);
  }

  public long maxTime(int i) {
    return maxTimes.get(i);
  }

  public long ref(int i) {
    return refs.get(i);
  }

  public void clear() {
    minTimes.clear();
    maxTimes.clear();
    refs.clear();
  }

  public ChunkMetaList copy() {
    ChunkMetaList c = new ChunkMetaList();
    for (int i = 0; i < size(); i++) {
      c.add(minTime(i), maxTime(i), ref(i));
    }
    return c;
  }
}
