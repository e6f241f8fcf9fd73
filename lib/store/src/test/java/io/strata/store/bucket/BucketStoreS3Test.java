package io.strata.store.bucket;

import static io.strata.store.bucket.Requests.drain;
import static io.strata.store.bucket.Requests.eq;
import static io.strata.store.bucket.Requests.re;
import static io.strata.store.bucket.Requests.series;
import static io.strata.store.bucket.TestBlocks.HOUR;
import static io.strata.store.bucket.TestBlocks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.objstore.S3Bucket;
import io.strata.objstore.S3ProxyServer;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.Series;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store over a real S3 API (S3Proxy in this JVM): ranged GETs, listing, and streamed gaps. */
class BucketStoreS3Test {
  @TempDir Path tmp;

  @Test
  void servesBlocksFromS3WithRangedReadsOnly() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.startTransient();
        S3Bucket s3bucket = new S3Bucket(s3.config(s3.createBucket("store")).build())) {
      TestBlocks blocks = new TestBlocks(tmp);
      blocks.raw(s3bucket, Map.of("cluster", "a"), T0, T0 + 2 * HOUR, TestBlocks.series("up", 300), 64 * 1024);
      blocks.raw(s3bucket, Map.of("cluster", "a"), T0 + 2 * HOUR, T0 + 4 * HOUR, TestBlocks.series("up", 300));
      CountingBucket bucket = new CountingBucket(s3bucket);
      BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("data")).seriesBatchSize(64)
          .partitionMaxGapBytes(4096).build();
      try (BlockSyncer syncer = new BlockSyncer(bucket, cfg, new SimpleMeterRegistry(), TestBlocks.CLOCK);
          BucketStore store = new BucketStore(syncer, new InMemoryIndexCache(8 << 20, new SimpleMeterRegistry()), cfg,
              new SimpleMeterRegistry(), TestBlocks.CLOCK)) {
        syncer.sync();
        assertThat(syncer.loadedBlockIds()).hasSize(2);
        // Every 7th series: gaps between the entries and chunks read, streamed over within a merged GET.
        List<Series> got = TestBlocks.seriesOf(drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up"),
            re("i", "0[0-2][0-9][07]")).build()));
        assertThat(got).hasSize(60);
        for (Series s : got) {
          int i = Integer.parseInt(TestBlocks.labels(s).get("i"));
          var samples = TestBlocks.samples(s);
          assertThat(samples).hasSize(960);
          samples.forEach((t, v) -> assertThat(v).isEqualTo(TestBlocks.valueOf(i, t)));
        }
        assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("cluster").build()).getValuesList())
            .containsExactly("a");
        assertThat(bucket.reads("get")).allMatch(r -> r.name().endsWith(".json"));
        assertThat(bucket.reads("get_range")).allMatch(r -> r.length() > 0);
      }
    }
  }
}
