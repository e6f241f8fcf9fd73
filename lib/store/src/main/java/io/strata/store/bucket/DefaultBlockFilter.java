package io.strata.store.bucket;

import io.strata.block.BucketBlock;
import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.tsdb.block.BlockMeta;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thanos's store-gateway filter chain (cmd/thanos/store.go, pkg/block/fetcher.go), in its order:
 * <ol>
 *   <li>{@code time-excluded}: the block lies outside {@code [minTime, maxTime]}
 *       ({@code TimePartitionMetaFilter}: kept when {@code maxTime >= min && minTime <= max});
 *   <li>{@code label-excluded}: the block hashes to another shard (hashmod over external labels);
 *   <li>{@code too-fresh}: uploaded less than the consistency delay ago, judged by {@code thanos.upload_time} or,
 *       without one, the ULID's timestamp; blocks made by the compactor or a repair are exempt, as they are
 *       written complete;
 *   <li>{@code marked-for-deletion}: deletion mark older than the ignore-deletion-marks delay;
 *   <li>{@code duplicate}: every source of the block is also a source of a block with more sources in the same
 *       compaction group (resolution and external labels) — a compaction's inputs once its output is uploaded
 *       (Thanos {@code DeduplicateFilter}), so no sample is served twice.
 * </ol>
 */
public final class DefaultBlockFilter implements BlockFilter {
  private static final Set<String> COMPLETE_SOURCES = Set.of("compactor", "compactor.repair", "bucket.repair");

  private final BucketStoreConfig config;
  private final Clock clock;

  public DefaultBlockFilter(BucketStoreConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void filter(Map<String, BucketBlock> blocks, long nowMillis, Map<String, Integer> skipped) {
    long min = config.minTime().resolve(clock);
    long max = config.maxTime().resolve(clock);
    long fresh = config.consistencyDelay().toMillis();
    long deletionDelay = config.ignoreDeletionMarksDelay().toMillis();
    for (Iterator<BucketBlock> it = blocks.values().iterator(); it.hasNext(); ) {
      BucketBlock b = it.next();
      BlockMeta m = b.meta();
      String reason = null;
      if (m.maxTime() < min || m.minTime() > max) {
        reason = "time-excluded";
      } else if (config.shard().enabled() && shardOf(b.ulid(), m, config.shard()) != config.shard().index()) {
        reason = "label-excluded";
      } else if (fresh > 0 && nowMillis - uploadMillis(m) < fresh && !isComplete(m)) {
        reason = "too-fresh";
      } else if (b.markedForDeletion() && nowMillis - b.deletionMark().deletionTime() * 1000 >= deletionDelay) {
        reason = "marked-for-deletion";
      }
      if (reason != null) {
        it.remove();
        skipped.merge(reason, 1, Integer::sum);
      }
    }
    for (String id : duplicates(blocks)) {
      blocks.remove(id);
      skipped.merge("duplicate", 1, Integer::sum);
    }
  }

  private static boolean isComplete(BlockMeta m) {
    return m.thanos() != null && COMPLETE_SOURCES.contains(m.thanos().source());
  }

  /** When the block was uploaded: {@code thanos.upload_time}, else the ULID's creation time. */
  static long uploadMillis(BlockMeta m) {
    String t = m.thanos() == null ? null : m.thanos().uploadTime();
    if (t != null && !t.isEmpty() && !t.equals(BlockMeta.Thanos.ZERO_TIME)) {
      try {
        return Instant.parse(t).toEpochMilli();
      } catch (DateTimeParseException e) {
        // Fall back to the ULID: an unreadable upload time must not make a block invisible forever.
      }
    }
    return Ulid.parse(m.ulid()).timestampMillis();
  }

  /**
   * The Prometheus {@code hashmod} of a block: MD5 of the shard labels' values joined with {@code ;}, last 8 bytes
   * as an unsigned big-endian number, modulo the shard count. {@code __block_id} is the ULID.
   */
  static int shardOf(String ulid, BlockMeta m, BucketStoreConfig.Shard shard) {
    Map<String, String> ext = m.externalLabels();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shard.labels().size(); i++) {
      String name = shard.labels().get(i);
      if (i > 0) {
        sb.append(';');
      }
      String v = "__block_id".equals(name) ? ulid : ext.getOrDefault(name, "");
      sb.append(v);
    }
    byte[] md5;
    try {
      md5 = MessageDigest.getInstance("MD5").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
    long h = ByteBuffer.wrap(md5, 8, 8).getLong();
    return (int) Long.remainderUnsigned(h, shard.count());
  }

  /** Blocks whose sources are all covered by a block with more sources in the same compaction group. */
  static List<String> duplicates(Map<String, BucketBlock> blocks) {
    Map<String, List<BlockMeta>> groups = new HashMap<>();
    for (BucketBlock b : blocks.values()) {
      BlockMeta m = b.meta();
      String key = m.resolution() + "@" + Labels.fromMap(m.externalLabels());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
    }
    List<String> dups = new ArrayList<>();
    for (List<BlockMeta> group : groups.values()) {
      group.sort((a, b) -> {
        int c = Integer.compare(sources(b).size(), sources(a).size());
        return c != 0 ? c : a.ulid().compareTo(b.ulid());
      });
      List<Set<String>> covering = new ArrayList<>();
      for (BlockMeta m : group) {
        Set<String> src = new HashSet<>(sources(m));
        boolean covered = false;
        for (Set<String> parent : covering) {
          if (parent.containsAll(src)) {
            covered = true;
            break;
          }
        }
        if (covered) {
          dups.add(m.ulid());
        } else {
          covering.add(src);
        }
      }
    }
    return dups;
  }

  private static List<String> sources(BlockMeta m) {
    List<String> s = m.compaction() == null ? null : m.compaction().sources();
    return s == null || s.isEmpty() ? List.of(m.ulid()) : s;
  }
}
