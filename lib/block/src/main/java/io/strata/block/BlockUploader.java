package io.strata.block;

import io.strata.objstore.Bucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Uploads a local block the way Thanos does, so that a reader never sees half a block: the chunk
 * segments first, then the index, and {@code meta.json} last (a block directory without meta.json is
 * a partial upload to every reader). The uploaded meta.json carries the {@code thanos} section with
 * external labels, source, and the list of files with their sizes. Tombstones are not uploaded.
 *
 * <p>Re-running an upload of the same block is safe: objects are overwritten with identical content.
 */
public final class BlockUploader {
  private final Bucket bucket;
  private final Clock clock;

  public BlockUploader(Bucket bucket, Clock clock) {
    this.bucket = bucket;
    this.clock = clock;
  }

  /**
   * Uploads {@code blockDir}. The local meta.json is read and extended: {@code labels} and
   * {@code source} become the Thanos section's external labels and source unless the local meta
   * already has a Thanos section (then its labels are kept).
   *
   * @return the meta.json as uploaded
   */
  public BlockMeta upload(Path blockDir, Map<String, String> labels, String source) throws IOException {
    BlockMeta meta = BlockMetaCodec.read(blockDir);
    String id = meta.ulid();
    if (!blockDir.getFileName().toString().equals(id)) {
      throw new IOException(blockDir + ": directory name does not match the ULID " + id + " in its meta.json");
    }
    List<BlockMeta.File> files = new ArrayList<>();
    List<Path> segments;
    try (Stream<Path> s = Files.list(blockDir.resolve(BlockFiles.CHUNKS_DIR))) {
      segments = s.filter(p -> p.getFileName().toString().matches("[0-9]+")).sorted().toList();
    }
    for (Path seg : segments) {
      String rel = BlockFiles.CHUNKS_DIR + "/" + seg.getFileName();
      bucket.upload(id + "/" + rel, seg);
      files.add(new BlockMeta.File(rel, Files.size(seg), null));
    }
    Path index = blockDir.resolve(BlockFiles.INDEX);
    bucket.upload(BlockFiles.index(id), index);
    files.add(new BlockMeta.File(BlockFiles.INDEX, Files.size(index), null));
    files.add(new BlockMeta.File(BlockFiles.META, 0, null));

    BlockMeta.Thanos thanos = meta.thanos() != null ? meta.thanos() : BlockMeta.Thanos.of(labels, 0, source);
    if (thanos.labels() == null || thanos.labels().isEmpty()) {
      thanos = new BlockMeta.Thanos(thanos.version(), labels, thanos.downsample(), thanos.source(),
          thanos.segmentFiles(), thanos.files(), thanos.rewrites(), thanos.indexStats(), thanos.extensions(),
          thanos.uploadTime());
    }
    thanos = thanos.withFiles(files)
        .withUploadTime(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    BlockMeta uploaded = meta.withThanos(thanos);
    byte[] json = BlockMetaCodec.toJson(uploaded);
    bucket.upload(BlockFiles.meta(id), new ByteArrayInputStream(json), json.length);
    return uploaded;
  }
}
