package io.strata.block;

import io.strata.objstore.Bucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Downloads a block from a bucket into a local directory {@code <dest>/<ULID>}. */
public final class BlockDownloader {
  private final Bucket bucket;

  public BlockDownloader(Bucket bucket) {
    this.bucket = bucket;
  }

  /**
   * Downloads meta.json, index and every chunk segment of block {@code ulid} into {@code destParent}.
   * Markers are not copied. Files are written to temporary names and renamed, so an interrupted
   * download leaves no file looking complete.
   */
  public Path download(String ulid, Path destParent) throws IOException {
    Path dir = Files.createDirectories(destParent.resolve(ulid));
    Files.createDirectories(dir.resolve(BlockFiles.CHUNKS_DIR));
    List<String> segments = new ArrayList<>();
    bucket.iter(BlockFiles.chunksDir(ulid), segments::add, false);
    for (String seg : segments) {
      copy(seg, dir.resolve(BlockFiles.CHUNKS_DIR).resolve(seg.substring(seg.lastIndexOf('/') + 1)));
    }
    copy(BlockFiles.index(ulid), dir.resolve(BlockFiles.INDEX));
    copy(BlockFiles.meta(ulid), dir.resolve(BlockFiles.META));
    return dir;
  }

  private void copy(String name, Path dest) throws IOException {
    Path tmp = dest.resolveSibling(dest.getFileName() + ".download");
    try (InputStream in = bucket.get(name)) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
