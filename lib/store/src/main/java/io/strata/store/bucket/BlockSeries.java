package io.strata.store.bucket;

import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.tsdb.index.ChunkMetaList;

/**
 * One series of one block on its way to the response: labels as stored in the index, labels as served (with the
 * block's external labels), the chunks that overlap the requested time range, and — once loaded — the chunks as
 * StoreAPI messages.
 */
final class BlockSeries {
  final Labels indexLabels;
  final Labels labels;
  /** Per chunk: min time, max time, ref; only chunks overlapping the requested range. */
  final long[] metas;
  AggrChunk[] chunks;

  BlockSeries(Labels indexLabels, Labels labels, long[] metas) {
    this.indexLabels = indexLabels;
    this.labels = labels;
    this.metas = metas;
  }

  int chunkCount() {
    return metas.length / 3;
  }

  long minTime(int i) {
    return metas[3 * i];
  }

  long maxTime(int i) {
    return metas[3 * i + 1];
  }

  long ref(int i) {
    return metas[3 * i + 2];
  }

  /** The chunk metas overlapping the closed range {@code [mint, maxt]}, or null if none does. */
  static long[] metasIn(ChunkMetaList chunks, long mint, long maxt) {
    int n = 0;
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.minTime(i) <= maxt && mint <= chunks.maxTime(i)) {
        n++;
      }
    }
    if (n == 0) {
      return null;
    }
    long[] out = new long[3 * n];
    int k = 0;
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.minTime(i) <= maxt && mint <= chunks.maxTime(i)) {
        out[k++] = chunks.minTime(i);
        out[k++] = chunks.maxTime(i);
        out[k++] = chunks.ref(i);
      }
    }
    return out;
  }
}
