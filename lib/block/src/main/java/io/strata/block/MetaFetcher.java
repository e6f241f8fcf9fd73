package io.strata.block;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.model.Ulid;
import io.strata.objstore.Bucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the metadata of every block in a bucket, like Thanos's {@code MetaFetcher}: directories named
 * by a ULID are blocks; one without {@code meta.json} is a partial upload (in progress or abandoned) and
 * not a block yet; one whose meta.json does not parse is corrupt. Metas are read concurrently because
 * buckets with thousands of blocks are common and each read is a round trip, and remembered by the
 * fetcher: a block's meta.json never changes, so a periodic sync only reads the metas of new blocks
 * (deletion marks, which can appear at any time, are read every time).
 */
public final class MetaFetcher {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MetaFetcher.class);

  private final Bucket bucket;
  private final int concurrency;
  private final Map<String, BlockMeta> known = new java.util.concurrent.ConcurrentHashMap<>();

  /** What a fetch found. Maps are keyed and sorted by ULID string. */
  public record Result(Map<String, BucketBlock> blocks, List<String> partial, Map<String, String> corrupt) {}

  public MetaFetcher(Bucket bucket, int concurrency) {
    this.bucket = bucket;
    this.concurrency = Math.max(1, concurrency);
  }

  public MetaFetcher(Bucket bucket) {
    this(bucket, 32);
  }

  public Result fetch() throws IOException {
    List<String> ids = new ArrayList<>();
    bucket.iter("", name -> {
      String dir = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      if (Ulid.isValid(dir)) {
        ids.add(dir);
      }
    }, false);
    Map<String, BucketBlock> blocks = Collections.synchronizedMap(new TreeMap<>());
    List<String> partial = Collections.synchronizedList(new ArrayList<>());
    Map<String, String> corrupt = Collections.synchronizedMap(new TreeMap<>());
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, ids.size())),
        Thread.ofVirtual().name("meta-fetch-", 0).factory())) {
      List<Future<?>> futures = new ArrayList<>();
      for (String id : ids) {
        futures.add(pool.submit(() -> {
          fetchOne(id, blocks, partial, corrupt);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching block metas from " + bucket.name(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io
          : new IOException("fetching block metas from " + bucket.name() + ": " + e.getCause(), e.getCause());
    }
    List<String> sortedPartial = new ArrayList<>(partial);
    Collections.sort(sortedPartial);
    return new Result(new TreeMap<>(blocks), sortedPartial, new TreeMap<>(corrupt));
  }

  private void fetchOne(String id, Map<String, BucketBlock> blocks, List<String> partial, Map<String, String> corrupt)
      throws IOException {
    BlockMeta cached = known.get(id);
    if (cached != null) {
      blocks.put(id, new BucketBlock(cached, readDeletionMark(id)));
      return;
    }
    byte[] json;
    try (InputStream in = bucket.get(BlockFiles.meta(id))) {
      json = in.readAllBytes();
    } catch (IOException e) {
      if (Bucket.isObjectNotFound(e)) {
        partial.add(id);
        return;
      }
      throw e;
    }
    BlockMeta meta;
    try {
      meta = BlockMetaCodec.parse(bucket.name() + "/" + BlockFiles.meta(id), json);
    } catch (IOException e) {
      corrupt.put(id, e.getMessage());
      return;
    }
    if (!meta.ulid().equals(id)) {
      corrupt.put(id, BlockFiles.meta(id) + ": ULID " + meta.ulid() + " does not match its directory");
      return;
    }
    known.put(id, meta);
    blocks.put(id, new BucketBlock(meta, readDeletionMark(id)));
  }

  private DeletionMark readDeletionMark(String id) throws IOException {
    try (InputStream in = bucket.get(BlockFiles.deletionMark(id))) {
      return MAPPER.readValue(in, DeletionMark.class);
    } catch (IOException e) {
      if (Bucket.isObjectNotFound(e)) {
        return null;
      }
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        // Like Thanos: an unreadable mark is ignored (the block stays) rather than guessed at.
        LOG.warn("ignoring unreadable deletion mark block={} error=\"{}\"", id, e.getMessage());
        return null;
      }
      throw e;
    }
  }
}
