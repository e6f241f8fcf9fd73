package io.strata.tools.bucket;

import io.strata.block.BlockDownloader;
import io.strata.block.BucketBlock;
import io.strata.block.MetaFetcher;
import io.strata.objstore.Bucket;
import io.strata.tools.block.BlockVerifier;
import io.strata.tsdb.block.BlockMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Verifies the blocks of a bucket: corrupt or unreadable meta.json, overlapping blocks within a stream
 * (same external labels and resolution; what halts a Thanos compactor), and, block by block, the full
 * {@link BlockVerifier} checks on a temporary local copy. Partial uploads are reported but are not
 * errors: an upload may be in progress.
 */
public final class BucketVerifier {
  private final Bucket bucket;
  private final Path scratch;

  /** Problems (errors) and notes (informational) found. */
  public record Report(List<String> problems, List<String> notes, int blocksChecked) {}

  public BucketVerifier(Bucket bucket, Path scratch) {
    this.bucket = bucket;
    this.scratch = scratch;
  }

  /** @param ids blocks to check in depth; empty = all */
  public Report verify(Set<String> ids) throws IOException {
    MetaFetcher.Result r = new MetaFetcher(bucket).fetch();
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    r.corrupt().forEach((id, why) -> problems.add("block " + id + ": " + why));
    r.partial().forEach(id -> notes.add("block " + id + ": partial upload (no meta.json); ignored by readers"));
    problems.addAll(overlaps(r.blocks().values()));
    int checked = 0;
    for (BucketBlock b : r.blocks().values()) {
      if (!ids.isEmpty() && !ids.contains(b.ulid())) {
        continue;
      }
      Path tmp = Files.createTempDirectory(scratch, "verify-");
      try {
        Path dir = new BlockDownloader(bucket).download(b.ulid(), tmp);
        problems.addAll(BlockVerifier.verify(dir));
        checked++;
      } finally {
        deleteRecursively(tmp);
      }
    }
    return new Report(problems, notes, checked);
  }

  /** Blocks of one stream whose time ranges overlap, as Thanos's compactor would find them. */
  static List<String> overlaps(Iterable<BucketBlock> blocks) {
    Map<String, List<BlockMeta>> streams = new HashMap<>();
    for (BucketBlock b : blocks) {
      if (b.markedForDeletion()) {
        continue;
      }
      BlockMeta m = b.meta();
      streams.computeIfAbsent(BlockTable.labels(m) + "@" + m.resolution(), k -> new ArrayList<>()).add(m);
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<BlockMeta>> s : streams.entrySet()) {
      List<BlockMeta> ms = s.getValue();
      ms.sort(Comparator.comparingLong(BlockMeta::minTime));
      for (int i = 1; i < ms.size(); i++) {
        for (int j = i - 1; j >= 0; j--) {
          BlockMeta a = ms.get(j);
          BlockMeta b = ms.get(i);
          if (a.maxTime() > b.minTime()) {
            String stream = s.getKey().substring(0, s.getKey().lastIndexOf('@'));
            out.add("overlapping blocks in stream {" + stream + "} resolution " + b.resolution() + ": " + a.ulid()
                + " [" + a.minTime() + ", " + a.maxTime() + ") and " + b.ulid() + " [" + b.minTime() + ", "
                + b.maxTime() + ")");
          }
        }
      }
    }
    return out;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
