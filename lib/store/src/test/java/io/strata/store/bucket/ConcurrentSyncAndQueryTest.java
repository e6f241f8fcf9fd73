package io.strata.store.bucket;

import static io.strata.store.bucket.Requests.drain;
import static io.strata.store.bucket.Requests.eq;
import static io.strata.store.bucket.Requests.series;
import static io.strata.store.bucket.TestBlocks.HOUR;
import static io.strata.store.bucket.TestBlocks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.objstore.InMemoryBucket;
import io.strata.tsdb.block.BlockMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries racing syncs that drop and re-add a block: a query sees each block whole or not at all and never fails
 * because a block was dropped (and its header closed, its files removed) under it.
 */
class ConcurrentSyncAndQueryTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "idle timeout {0} ms")
  @ValueSource(longs = {0, 1})
  void queriesSurviveBlocksComingAndGoing(long idleMillis) throws Exception {
    InMemoryBucket bucket = new InMemoryBucket();
    TestBlocks blocks = new TestBlocks(tmp);
    BlockMeta stable = blocks.raw(bucket, Map.of("c", "a"), T0, T0 + 2 * HOUR, TestBlocks.series("up", 30));
    BlockMeta flapping = blocks.raw(bucket, Map.of("c", "a"), T0 + 2 * HOUR, T0 + 4 * HOUR,
        TestBlocks.series("up", 30));
    // The block leaves and comes back the way blocks leave a store: a deletion mark older than the delay.
    byte[] mark = ("{\"id\":\"" + flapping.ulid() + "\",\"version\":1,\"deletion_time\":1}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("data")).seriesBatchSize(4)
        .ignoreDeletionMarksDelay(Duration.ZERO)
        .indexHeaderIdleTimeout(Duration.ofMillis(idleMillis)).build();
    try (BlockSyncer syncer = new BlockSyncer(bucket, cfg, new SimpleMeterRegistry(), TestBlocks.CLOCK);
        BucketStore store = new BucketStore(syncer, IndexCache.NOOP, cfg, new SimpleMeterRegistry(),
            TestBlocks.CLOCK)) {
      syncer.sync();
      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      AtomicInteger queries = new AtomicInteger();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        readers.add(Thread.ofPlatform().start(() -> {
          while (!stop.get()) {
            try {
              var got = TestBlocks.seriesOf(drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up")).build()));
              assertThat(got).hasSize(30);
              for (var s : got) {
                int n = TestBlocks.samples(s).size();
                assertThat(n).as("whole blocks only").isIn(480, 960);
              }
              queries.incrementAndGet();
            } catch (Throwable e) {
              errors.add(e);
              return;
            }
          }
        }));
      }
      for (int round = 0; round < 30; round++) {
        if (round % 2 == 0) {
          bucket.upload(flapping.ulid() + "/deletion-mark.json", new java.io.ByteArrayInputStream(mark), mark.length);
        } else {
          bucket.delete(flapping.ulid() + "/deletion-mark.json");
        }
        assertThat(syncer.sync().served()).isEqualTo(round % 2 == 0 ? 1 : 2);
        syncer.closeIdleHeaders();
      }
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      assertThat(errors).isEmpty();
      assertThat(queries.get()).isPositive();
      assertThat(syncer.loadedBlockIds()).containsExactlyInAnyOrder(stable.ulid(), flapping.ulid());
    }
    // Closing the syncer keeps the headers for a restart.
    assertThat(Files.exists(tmp.resolve("data").resolve(stable.ulid()).resolve("index-header"))).isTrue();
  }
}
