package io.strata.block;

import io.strata.tsdb.block.BlockMeta;

/** A block found in a bucket: its metadata and whether it is marked for deletion. */
public record BucketBlock(BlockMeta meta, DeletionMark deletionMark) {
  public String ulid() {
    return meta.ulid();
  }

  public boolean markedForDeletion() {
    return deletionMark != null;
  }
}
