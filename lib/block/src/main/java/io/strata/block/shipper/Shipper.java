package io.strata.block.shipper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.block.BlockFiles;
import io.strata.block.BlockUploader;
import io.strata.block.BucketBlock;
import io.strata.block.MetaFetcher;
import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.objstore.Bucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the blocks of a Prometheus data directory that are not in the bucket yet (Thanos's {@code Shipper}).
 *
 * <p>One {@link #sync()} handles the local blocks oldest first:
 * <ol>
 *   <li>blocks listed in the state file, empty blocks, and compacted blocks (level &gt; 1, unless
 *       {@link Options#uploadCompacted}) are passed over;
 *   <li>a block whose {@code meta.json} is already in the bucket is recorded as uploaded without uploading
 *       (a previous run uploaded it but died before recording it);
 *   <li>a compacted block is uploaded only if it overlaps no block of the same external labels in the bucket
 *       (it would duplicate data level-1 uploads already shipped);
 *   <li>the block is hard-linked into {@code thanos/upload/<ULID>}, its meta.json there replaced by one with the
 *       {@code thanos} section, and uploaded by {@link BlockUploader}: chunks, index, meta.json last;
 *   <li>the state file is rewritten after each uploaded block.
 * </ol>
 * The first failed upload ends the pass with an exception, so blocks go up in time order and a retry starts
 * with the failed block; objects it left behind are invisible (no meta.json) and overwritten by the retry.
 *
 * <p>Not thread-safe: one pass at a time (the {@link ShipperLoop} guarantees that).
 */
public final class Shipper {
  private static final Logger log = LoggerFactory.getLogger(Shipper.class);
  /** Thanos's {@code metadata.SidecarSource}. */
  public static final String SOURCE_SIDECAR = "sidecar";
  static final Path UPLOAD_DIR = Path.of("thanos", "upload");

  /**
   * @param source the {@code thanos.source} of uploaded metas ({@code sidecar}, {@code receive}, ...)
   * @param uploadCompacted also upload blocks of compaction level above 1 ({@code --shipper.upload-compacted})
   * @param stateFileName name of the state file in the TSDB directory ({@code --shipper.meta-file-name})
   */
  public record Options(String source, boolean uploadCompacted, String stateFileName) {
    public static Options sidecar(boolean uploadCompacted) {
      return new Options(SOURCE_SIDECAR, uploadCompacted, ShipperState.DEFAULT_FILE_NAME);
    }
  }

  /** What one pass did. */
  public record SyncResult(int uploaded, List<String> uploadedIds) {}

  private final Path dir;
  private final Bucket bucket;
  private final Supplier<Labels> externalLabels;
  private final Options options;
  private final BlockUploader uploader;
  private final Counter syncs;
  private final Counter syncFailures;
  private final Counter uploads;
  private final Counter uploadFailures;

  /**
   * @param dir the Prometheus TSDB directory ({@code --tsdb.path})
   * @param externalLabels the current external labels of Prometheus, read at every upload (they may be reloaded)
   */
  public Shipper(Path dir, Bucket bucket, Supplier<Labels> externalLabels, Options options, Clock clock,
      MeterRegistry registry) {
    this.dir = dir;
    this.bucket = bucket;
    this.externalLabels = externalLabels;
    this.options = options;
    this.uploader = new BlockUploader(bucket, clock);
    this.syncs = Counter.builder("strata_shipper_dir_syncs_total").description("Shipper passes over the TSDB directory")
        .register(registry);
    this.syncFailures = Counter.builder("strata_shipper_dir_sync_failures_total")
        .description("Shipper passes that ended with an error").register(registry);
    this.uploads = Counter.builder("strata_shipper_uploads_total").description("Blocks uploaded").register(registry);
    this.uploadFailures = Counter.builder("strata_shipper_upload_failures_total").description("Failed block uploads")
        .register(registry);
  }

  public Path stateFile() {
    return dir.resolve(options.stateFileName());
  }

  /**
   * One pass: uploads every local block that should be in the bucket and is not.
   *
   * @throws IOException when listing the directory or an upload fails (blocks before it stay uploaded and
   *     recorded); the next pass retries
   */
  public SyncResult sync() throws IOException {
    try {
      SyncResult r = doSync();
      syncs.increment();
      return r;
    } catch (IOException | RuntimeException e) {
      syncFailures.increment();
      throw e;
    }
  }

  private SyncResult doSync() throws IOException {
    Set<String> recorded = new HashSet<>(readState());
    List<BlockMeta> metas = localBlocks();
    Set<String> local = new HashSet<>();
    metas.forEach(m -> local.add(m.ulid()));
    // Keep only blocks still on disk (Prometheus deletes old ones), like Thanos; order as found.
    List<String> uploaded = new ArrayList<>();
    for (BlockMeta m : metas) {
      if (recorded.contains(m.ulid())) {
        uploaded.add(m.ulid());
      }
    }
    List<String> newlyUploaded = new ArrayList<>();
    List<BlockMeta> bucketMetas = null;
    try {
      for (BlockMeta m : metas) {
        String id = m.ulid();
        if (recorded.contains(id)) {
          continue;
        }
        if (m.stats().numSamples() == 0) {
          log.debug("ignoring empty block block={}", id);
          continue;
        }
        if (m.compaction().level() > 1 && !options.uploadCompacted()) {
          continue;
        }
        if (bucket.exists(BlockFiles.meta(id))) {
          log.info("block already in the bucket, recording it as uploaded block={}", id);
          uploaded.add(id);
          continue;
        }
        Labels labels = requireLabels();
        if (m.compaction().level() > 1) {
          if (bucketMetas == null) {
            bucketMetas = bucketMetasWith(labels);
          }
          String overlap = overlapping(m, bucketMetas);
          if (overlap != null) {
            throw new IOException("not uploading compacted block " + id + " [" + m.minTime() + ", " + m.maxTime()
                + "): it overlaps block " + overlap + " already in the bucket with the same external labels "
                + labels);
          }
        }
        try {
          upload(m, labels);
        } catch (IOException | RuntimeException e) {
          uploadFailures.increment();
          throw new IOException("uploading block " + id + " to " + bucket.name() + ": " + e.getMessage(), e);
        }
        uploads.increment();
        uploaded.add(id);
        newlyUploaded.add(id);
        ShipperState.write(stateFile(), uploaded);
      }
    } finally {
      try {
        ShipperState.write(stateFile(), uploaded);
      } catch (IOException e) {
        // Not fatal: the bucket check keeps the next pass from uploading these blocks again.
        log.warn("writing the shipper state failed file={} error=\"{}\"", stateFile(), e.getMessage());
      }
    }
    return new SyncResult(newlyUploaded.size(), List.copyOf(newlyUploaded));
  }

  /** Whether every local block that should be shipped is recorded as shipped. */
  public boolean allUploaded() throws IOException {
    Set<String> recorded = new HashSet<>(readState());
    for (BlockMeta m : localBlocks()) {
      boolean wanted = m.stats().numSamples() > 0 && (m.compaction().level() <= 1 || options.uploadCompacted());
      if (wanted && !recorded.contains(m.ulid())) {
        return false;
      }
    }
    return true;
  }

  private List<String> readState() {
    try {
      return ShipperState.read(stateFile());
    } catch (NoSuchFileException e) {
      log.info("no shipper state file yet, starting empty file={}", stateFile());
      return List.of();
    } catch (IOException e) {
      // The bucket check below still prevents duplicate uploads; the file is rewritten at the end of the pass.
      log.error("reading the shipper state failed, starting empty file={} error=\"{}\"", stateFile(), e.getMessage());
      return List.of();
    }
  }

  private Labels requireLabels() throws IOException {
    Labels labels = externalLabels.get();
    if (labels == null || labels.isEmpty()) {
      throw new IOException("not uploading: no external labels known for the blocks in " + dir
          + " (Prometheus must have global.external_labels configured and be reachable)");
    }
    return labels;
  }

  /** Local blocks (ULID-named directories with a meta.json), oldest first. Unreadable metas fail the pass. */
  private List<BlockMeta> localBlocks() throws IOException {
    List<BlockMeta> metas = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!Ulid.isValid(name) || !Files.isDirectory(p)) {
          continue;
        }
        try {
          metas.add(BlockMetaCodec.read(p));
        } catch (NoSuchFileException e) {
          // Prometheus creates blocks under a temporary name and renames them, so this is a block being deleted.
          log.debug("block directory without meta.json, skipping dir={}", p);
        } catch (IOException e) {
          throw new IOException("reading metadata of block " + p + ": " + e.getMessage(), e);
        }
      }
    }
    metas.sort(Comparator.comparingLong(BlockMeta::minTime).thenComparing(BlockMeta::ulid));
    return metas;
  }

  private void upload(BlockMeta meta, Labels labels) throws IOException {
    String id = meta.ulid();
    Path updir = dir.resolve(UPLOAD_DIR).resolve(id);
    deleteRecursively(updir);
    try {
      Files.createDirectories(updir.resolve(BlockFiles.CHUNKS_DIR));
      linkBlock(dir.resolve(id), updir);
      // Replace the link to Prometheus's meta.json by a new file: writing through the link would change
      // Prometheus's own copy.
      Path tmp = updir.resolve(BlockFiles.META + ".tmp");
      Files.write(tmp, BlockMetaCodec.toJson(meta.withThanos(thanosSection(meta, labels))));
      Files.move(tmp, updir.resolve(BlockFiles.META), StandardCopyOption.REPLACE_EXISTING);
      long start = System.nanoTime();
      log.info("uploading new block block={} min_time={} max_time={} labels={}", id, meta.minTime(), meta.maxTime(),
          labels);
      uploader.upload(updir, labels.toMap(), options.source());
      log.info("uploaded block block={} took_ms={}", id, (System.nanoTime() - start) / 1_000_000);
    } finally {
      try {
        deleteRecursively(updir);
      } catch (IOException e) {
        log.warn("cleaning the upload directory failed dir={} error=\"{}\"", updir, e.getMessage());
      }
    }
  }

  /** The local meta's Thanos section (if any) with the current external labels set over it and our source. */
  private BlockMeta.Thanos thanosSection(BlockMeta meta, Labels labels) {
    BlockMeta.Thanos t = meta.thanos();
    Map<String, String> merged = new LinkedHashMap<>(t == null || t.labels() == null ? Map.of() : t.labels());
    merged.putAll(labels.toMap());
    BlockMeta.Thanos base = t == null ? BlockMeta.Thanos.of(merged, 0, options.source()) : t;
    return new BlockMeta.Thanos(1, merged, base.downsample(), options.source(), base.segmentFiles(), base.files(),
        base.rewrites(), base.indexStats(), base.extensions(), base.uploadTime());
  }

  /** Hard-links chunks, index and meta.json (copying where links are impossible, e.g. another file system). */
  private static void linkBlock(Path src, Path dst) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(src.resolve(BlockFiles.CHUNKS_DIR))) {
      s.forEach(p -> files.add(src.relativize(p)));
    }
    files.add(Path.of(BlockFiles.INDEX));
    files.add(Path.of(BlockFiles.META));
    for (Path rel : files) {
      Path from = src.resolve(rel);
      Path to = dst.resolve(rel);
      try {
        Files.createLink(to, from);
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof NoSuchFileException) {
          throw (NoSuchFileException) e;
        }
        Files.copy(from, to);
      }
    }
  }

  private List<BlockMeta> bucketMetasWith(Labels labels) throws IOException {
    List<BlockMeta> out = new ArrayList<>();
    Map<String, String> want = labels.toMap();
    for (BucketBlock b : new MetaFetcher(bucket).fetch().blocks().values()) {
      if (b.meta().externalLabels().equals(want)) {
        out.add(b.meta());
      }
    }
    return out;
  }

  private static String overlapping(BlockMeta m, List<BlockMeta> others) {
    for (BlockMeta o : others) {
      if (m.minTime() < o.maxTime() && o.minTime() < m.maxTime()) {
        return o.ulid();
      }
    }
    return null;
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
