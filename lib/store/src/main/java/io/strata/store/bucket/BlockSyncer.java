package io.strata.store.bucket;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.block.BlockFiles;
import io.strata.block.BucketBlock;
import io.strata.block.MetaFetcher;
import io.strata.model.Ulid;
import io.strata.objstore.Bucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.encoding.CorruptBlockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the set of served blocks in step with the bucket: at {@link #start()}, every {@code syncInterval} and on
 * {@link #requestSync()}, it lists the bucket ({@link MetaFetcher}), filters the blocks ({@link BlockFilter}),
 * loads the new ones and drops those that went away.
 *
 * <p>Loading a block builds its index-header from ranged reads (or reuses and verifies the one on disk from a
 * previous run, so a restart costs no index reads) and lists its chunk segment files; up to
 * {@code blockSyncConcurrency} blocks load at once. A block that fails to load — corrupt or missing index, missing
 * chunk file, bucket error — is logged, counted in {@code strata_bucket_store_block_load_failures_total} and
 * retried at the next sync; it never stops the others. A sync that cannot list the bucket keeps the blocks it
 * has.
 *
 * <p>{@link #firstSyncSucceeded()} turns true once a sync completed (even if some blocks failed to load): the
 * readiness signal. Thread-safe; syncs never overlap.
 */
public final class BlockSyncer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BlockSyncer.class);
  private static final String HEADER_FILE = "index-header";

  private final Bucket bucket;
  private final BucketStoreConfig config;
  private final BlockFilter filter;
  private final Clock clock;
  private final MetaFetcher fetcher;
  private final BucketStoreMetrics metrics;
  private final Map<String, AtomicLong> skippedGauges = new ConcurrentHashMap<>();
  private final Queue<StoreBlock> closedBlocks = new ConcurrentLinkedQueue<>();
  private final Object syncLock = new Object();
  private volatile BlockSet blocks = BlockSet.EMPTY;
  private volatile boolean firstSyncDone;
  private volatile boolean closed;
  private ScheduledExecutorService scheduler;

  /** A syncer with Thanos's filter chain ({@link DefaultBlockFilter}). */
  public BlockSyncer(Bucket bucket, BucketStoreConfig config, MeterRegistry registry, Clock clock) {
    this(bucket, config, new DefaultBlockFilter(config, clock), registry, clock);
  }

  public BlockSyncer(Bucket bucket, BucketStoreConfig config, BlockFilter filter, MeterRegistry registry, Clock clock) {
    this.bucket = bucket;
    this.config = config;
    this.filter = filter;
    this.clock = clock;
    this.fetcher = new MetaFetcher(bucket, config.metaFetchConcurrency());
    this.metrics = new BucketStoreMetrics(registry);
    Gauge.builder("strata.bucket.store.blocks.loaded", this, s -> s.blocks.size())
        .description("Blocks currently served.").register(registry);
    Gauge.builder("strata.bucket.store.index.headers.open", this,
            s -> s.blocks.all().stream().filter(StoreBlock::headerOpen).count())
        .description("Index-headers open (memory-mapped, sampled tables on the heap).").register(registry);
    Gauge.builder("strata.bucket.store.index.headers.heap", this,
            s -> s.blocks.all().stream().mapToLong(StoreBlock::headerHeapBytes).sum())
        .description("Approximate heap held by open index-headers.").baseUnit("bytes").register(registry);
    for (String reason : List.of("partial", "corrupted-meta", "time-excluded", "label-excluded", "too-fresh",
        "marked-for-deletion", "duplicate")) {
      skippedGauge(reason);
    }
  }

  private AtomicLong skippedGauge(String reason) {
    return skippedGauges.computeIfAbsent(reason, r -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder("strata.bucket.store.blocks.skipped", v, AtomicLong::get).tag("reason", r)
          .description("Blocks in the bucket not served at the last sync, by reason.").register(metrics.registry);
      return v;
    });
  }

  /** What one sync did. */
  public record SyncResult(int loaded, int dropped, int failed, int served) {}

  /** Runs a first sync in the background now and then every {@code syncInterval}. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("block-sync").factory());
    scheduler.scheduleWithFixedDelay(this::syncQuietly, 0, config.syncInterval().toMillis(), TimeUnit.MILLISECONDS);
    if (!config.indexHeaderIdleTimeout().isZero()) {
      long every = Math.max(1, config.indexHeaderIdleTimeout().toMillis() / 10);
      scheduler.scheduleWithFixedDelay(this::closeIdleHeaders, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Asks for a sync soon, without waiting for it (e.g. after an upload was announced). */
  public synchronized void requestSync() {
    if (scheduler != null && !closed) {
      scheduler.execute(this::syncQuietly);
    }
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (IOException | RuntimeException e) {
      log.warn("msg=\"block sync failed, serving the blocks from the previous sync\" bucket={} err=\"{}\"",
          bucket.name(), e.toString());
    }
  }

  /** Whether a sync has completed; until then the store should not report ready. */
  public boolean firstSyncSucceeded() {
    return firstSyncDone;
  }

  BlockSet blocks() {
    return blocks;
  }

  /** ULIDs of the blocks currently served, ascending. */
  public List<String> loadedBlockIds() {
    return new ArrayList<>(blocks.asMap().keySet());
  }

  /**
   * Syncs now, on the calling thread.
   *
   * @throws IOException if the bucket cannot be listed (the previous blocks stay served)
   */
  public SyncResult sync() throws IOException {
    synchronized (syncLock) {
      if (closed) {
        throw new IllegalStateException("block syncer closed");
      }
      Timer.Sample timer = Timer.start();
      metrics.syncs.increment();
      try {
        SyncResult r = syncLocked();
        if (!firstSyncDone) {
          firstSyncDone = true;
          removeStaleDirectories();
        }
        return r;
      } catch (IOException | RuntimeException e) {
        metrics.syncFailures.increment();
        throw e;
      } finally {
        timer.stop(metrics.syncDuration);
      }
    }
  }

  private SyncResult syncLocked() throws IOException {
    removeClosedBlockFiles();
    MetaFetcher.Result found = fetcher.fetch();
    Map<String, Integer> skipped = new TreeMap<>();
    skipped.put("partial", found.partial().size());
    skipped.put("corrupted-meta", found.corrupt().size());
    found.corrupt().forEach((id, err) -> {
      metrics.blockLoadFailures.increment();
      log.error("msg=\"skipping block with unreadable meta.json\" block={} err=\"{}\"", id, err);
    });
    Map<String, BucketBlock> wanted = new LinkedHashMap<>(found.blocks());
    filter.filter(wanted, clock.millis(), skipped);
    skippedGauges.keySet().forEach(r -> skippedGauge(r).set(0));
    skipped.forEach((r, n) -> skippedGauge(r).set(n));

    BlockSet current = blocks;
    List<String> removed = new ArrayList<>();
    for (StoreBlock b : current.all()) {
      if (!wanted.containsKey(b.id)) {
        removed.add(b.id);
      }
    }
    List<BucketBlock> toLoad = new ArrayList<>();
    for (BucketBlock b : wanted.values()) {
      if (current.get(b.ulid()) == null) {
        toLoad.add(b);
      }
    }
    List<StoreBlock> loaded = loadAll(toLoad);
    blocks = current.with(loaded, removed);
    for (String id : removed) {
      StoreBlock b = current.get(id);
      metrics.blockDrops.increment();
      log.info("msg=\"dropping block\" block={}", id);
      b.unload();
    }
    removeClosedBlockFiles();
    int failed = toLoad.size() - loaded.size();
    if (!loaded.isEmpty() || !removed.isEmpty() || failed > 0) {
      log.info("msg=\"block sync done\" loaded={} dropped={} failed={} served={}", loaded.size(), removed.size(),
          failed, blocks.size());
    }
    return new SyncResult(loaded.size(), removed.size(), failed, blocks.size());
  }

  private List<StoreBlock> loadAll(List<BucketBlock> toLoad) throws IOException {
    if (toLoad.isEmpty()) {
      return List.of();
    }
    List<StoreBlock> loaded = Collections.synchronizedList(new ArrayList<>());
    int threads = Math.min(config.blockSyncConcurrency(), toLoad.size());
    try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofVirtual().name("block-load-", 0)
        .factory())) {
      List<Future<?>> futures = new ArrayList<>();
      for (BucketBlock b : toLoad) {
        futures.add(pool.submit(() -> {
          try {
            loaded.add(load(b.meta()));
            metrics.blockLoads.increment();
          } catch (IOException | RuntimeException e) {
            metrics.blockLoadFailures.increment();
            log.error("msg=\"failed to load block, skipping it until the next sync\" block={} err=\"{}\"",
                b.ulid(), e.toString());
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (StoreBlock b : loaded) {
        b.unload();
      }
      throw new IOException("interrupted while loading blocks", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("block load task failed unexpectedly", e.getCause());
    }
    return new ArrayList<>(loaded);
  }

  /**
   * Prepares one block: makes sure its index-header exists (building it if needed) and checks its chunk files.
   * Eagerly configured, the header is opened and verified now; lazily, only its fixed parts are checked and it
   * is opened on first use.
   */
  StoreBlock load(BlockMeta meta) throws IOException {
    String id = meta.ulid();
    Path dir = config.dataDir().resolve(id);
    Path headerFile = dir.resolve(HEADER_FILE);
    StoreBlock.HeaderOpener opener = () -> openHeader(meta, headerFile);
    boolean lazy = !config.indexHeaderIdleTimeout().isZero();
    IndexHeaderReader header = null;
    if (!lazy) {
      header = opener.open();
    } else if (!quickCheck(id, headerFile)) {
      build(meta, headerFile);
    }
    try {
      int segments = countSegments(meta);
      return new StoreBlock(meta, header, opener, bucket, dir, segments, config, this::onBlockClosed,
          metrics.headerLazyLoads::increment);
    } catch (IOException | RuntimeException e) {
      if (header != null) {
        header.close();
      }
      throw e;
    }
  }

  /** Opens the header on disk, or builds it from the index first when it is missing or damaged. */
  private IndexHeaderReader openHeader(BlockMeta meta, Path headerFile) throws IOException {
    if (Files.exists(headerFile)) {
      try {
        return IndexHeaderReader.open(headerFile);
      } catch (CorruptBlockException e) {
        log.warn("msg=\"index-header on disk is damaged, rebuilding it\" block={} err=\"{}\"", meta.ulid(),
            e.getMessage());
      }
    }
    build(meta, headerFile);
    return IndexHeaderReader.open(headerFile);
  }

  private boolean quickCheck(String id, Path headerFile) {
    if (!Files.exists(headerFile)) {
      return false;
    }
    try {
      IndexHeaderReader.checkQuick(headerFile);
      return true;
    } catch (IOException e) {
      log.warn("msg=\"index-header on disk is damaged, rebuilding it\" block={} err=\"{}\"", id, e.getMessage());
      return false;
    }
  }

  private void build(BlockMeta meta, Path headerFile) throws IOException {
    long start = System.nanoTime();
    IndexHeaderWriter.build(bucket, meta.ulid(), indexSize(meta), headerFile);
    metrics.headerBuildDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  /** Closes the lazily opened headers no request used for the idle timeout. */
  void closeIdleHeaders() {
    long idle = config.indexHeaderIdleTimeout().toNanos();
    long now = System.nanoTime();
    for (StoreBlock b : blocks.all()) {
      if (b.closeIfIdle(now, idle)) {
        metrics.headerLazyUnloads.increment();
      }
    }
  }

  private static long indexSize(BlockMeta meta) {
    if (meta.thanos() != null && meta.thanos().files() != null) {
      for (BlockMeta.File f : meta.thanos().files()) {
        if (BlockFiles.INDEX.equals(f.relPath())) {
          return f.sizeBytes();
        }
      }
    }
    return -1;
  }

  /**
   * Lists {@code chunks/} and checks it holds consecutive segments from {@code 000001} and every segment meta.json
   * names: a missing segment would otherwise only surface as failed queries.
   */
  private int countSegments(BlockMeta meta) throws IOException {
    String id = meta.ulid();
    List<String> names = new ArrayList<>();
    bucket.iter(BlockFiles.chunksDir(id), n -> names.add(n.substring(n.lastIndexOf('/') + 1)), false);
    int count = 0;
    for (String n : names) {
      if (n.matches("[0-9]+")) {
        if (Integer.parseInt(n) != count + 1) {
          throw new CorruptBlockException(bucket.name() + "/" + BlockFiles.chunksDir(id), -1,
              "chunk segment files not consecutive from 000001: found " + n + " as file number " + (count + 1));
        }
        count++;
      }
    }
    if (meta.thanos() != null && meta.thanos().files() != null) {
      Set<String> present = Set.copyOf(names);
      for (BlockMeta.File f : meta.thanos().files()) {
        String rel = f.relPath();
        if (rel.startsWith(BlockFiles.CHUNKS_DIR + "/") && !present.contains(rel.substring(rel.indexOf('/') + 1))) {
          throw new CorruptBlockException(bucket.name() + "/" + id + "/" + rel, -1,
              "chunk segment file listed in meta.json is missing from the bucket");
        }
      }
    }
    if (count == 0 && meta.stats() != null && meta.stats().numChunks() > 0) {
      throw new CorruptBlockException(bucket.name() + "/" + BlockFiles.chunksDir(id), -1,
          "block has " + meta.stats().numChunks() + " chunks but no chunk segment files");
    }
    return count;
  }

  /**
   * Called when a block's last reference is gone. Its local files are removed by the next sync, under the sync
   * lock, so the removal can never race with loading the same block again (a block dropped and re-added while a
   * query still held the old instance). A closing store keeps them for its restart.
   */
  private void onBlockClosed(StoreBlock b) {
    if (!closed) {
      closedBlocks.add(b);
    }
  }

  /** Removes the local files of closed blocks that are not served again; runs under the sync lock. */
  private void removeClosedBlockFiles() {
    for (StoreBlock b = closedBlocks.poll(); b != null; b = closedBlocks.poll()) {
      if (blocks.get(b.id) != null) {
        continue;
      }
      try {
        deleteRecursively(b.dir);
      } catch (IOException | UncheckedIOException e) {
        log.warn("msg=\"could not remove local files of dropped block\" block={} dir={} err=\"{}\"", b.id, b.dir,
            e.toString());
      }
    }
  }

  /** After the first sync: removes directories of blocks no longer served, left by a previous run. */
  private void removeStaleDirectories() {
    Path root = config.dataDir();
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (Ulid.isValid(name) && Files.isDirectory(p) && blocks.get(name) == null) {
          deleteRecursively(p);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("msg=\"could not clean the data directory\" dir={} err=\"{}\"", root, e.toString());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Stops syncing and releases every block (queries still running keep theirs until they finish). */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      closed = true;
      s = scheduler;
      scheduler = null;
    }
    if (s != null) {
      s.shutdownNow();
      try {
        s.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (syncLock) {
      BlockSet current = blocks;
      blocks = BlockSet.EMPTY;
      for (StoreBlock b : current.all()) {
        b.unload();
      }
    }
  }
}
