package io.strata.store.bucket;

import io.strata.block.BucketBlock;
import java.util.Map;

/**
 * Decides which of a bucket's blocks a store serves. Called once per sync with every block that has a readable
 * meta.json (partial uploads and corrupt metas are already out).
 */
@FunctionalInterface
public interface BlockFilter {
  /**
   * Removes the blocks not to serve from {@code blocks} (keyed by ULID, mutable) and counts each removal in
   * {@code skipped} under a short reason such as {@code too-fresh}.
   *
   * @param nowMillis the sync's notion of now
   */
  void filter(Map<String, BucketBlock> blocks, long nowMillis, Map<String, Integer> skipped);
}
