package io.strata.tsdb.block;

import io.strata.tsdb.chunks.ChunkReader;
import io.strata.tsdb.index.IndexReader;
import java.io.Closeable;

/**
 * A readable block: its metadata, index, chunks and deletions. Persisted blocks and (later) the
 * receiver's head implement the same interface, like Prometheus's {@code tsdb.BlockReader}.
 */
public interface BlockReader extends Closeable {
  BlockMeta meta();

  IndexReader index();

  ChunkReader chunks();

  Tombstones tombstones();
}
