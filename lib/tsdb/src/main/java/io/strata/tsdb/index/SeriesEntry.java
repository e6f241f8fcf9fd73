package io.strata.tsdb.index;

import io.strata.model.Labels;

/**
 * A series as its index entry describes it: labels and chunk metas. Mutable and reusable, so that
 * iterating millions of series fills one instance instead of allocating one per series.
 */
public final class SeriesEntry {
  private Labels labels = Labels.EMPTY;
  private final ChunkMetaList chunks = new ChunkMetaList();

  public Labels labels() {
    return labels;
  }

  public void labels(Labels labels) {
    this.labels = labels;
  }

  public ChunkMetaList chunks() {
    return chunks;
  }

  public void clear() {
    labels = Labels.EMPTY;
    chunks.clear();
  }
}
