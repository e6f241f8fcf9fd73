package io.strata.e2e;

import static io.strata.e2e.support.SidecarFixture.EXT;
import static io.strata.e2e.support.SidecarFixture.P;
import static io.strata.e2e.support.SidecarFixture.restrict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.block.BucketBlock;
import io.strata.block.MetaFetcher;
import io.strata.block.shipper.Shipper;
import io.strata.block.shipper.UploadPreconditions;
import io.strata.e2e.support.PrometheusServer;
import io.strata.e2e.support.SidecarFixture;
import io.strata.httpapi.ReadContext;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.objstore.S3Bucket;
import io.strata.objstore.S3ProxyServer;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusMetadata;
import io.strata.promql.Matrix;
import io.strata.promql.engine.DefaultQueryEngine;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.query.StoreQueryable;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreApi;
import io.strata.store.bucket.BlockSyncer;
import io.strata.store.bucket.BucketStore;
import io.strata.store.bucket.BucketStoreConfig;
import io.strata.store.bucket.InMemoryIndexCache;
import io.strata.store.dedup.DedupAlgorithm;
import io.strata.store.prometheus.PrometheusStore;
import io.strata.store.proxy.ProxyStore;
import io.strata.store.proxy.StoreRef;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.querier.SeriesSampleIterator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's two halves with the read path between them, as libraries, against a real Prometheus 2.42 (1m
 * blocks) and a real S3 server: history made by promtool is backfilled into the running Prometheus, recent data
 * is remote-written into its head (from which Prometheus cuts 1m blocks at once), the shipper uploads both kinds
 * of block, a bucket store serves them from S3, the sidecar's store serves Prometheus by remote read, and a proxy
 * over both must hand back exactly the raw samples Prometheus itself returns for the whole range — and, through
 * the querier's PromQL read path, the same range-query answers. {@link SidecarStackTest} does the same with the
 * services.
 */
class SidecarReadPathTest {
  @Test
  void proxyOverBucketAndSidecarMatchesPrometheus(@TempDir Path tmp) throws Exception {
    SidecarFixture.History history = SidecarFixture.history(tmp);
    long now = history.now();
    long histStart = history.start();
    long histEnd = history.end();

    Path data = Files.createDirectories(tmp.resolve("data"));
    try (PrometheusServer prometheus = SidecarFixture.startPrometheus(data);
        S3ProxyServer s3 = S3ProxyServer.startTransient();
        S3Bucket bucket = new S3Bucket(s3.config(s3.createBucket("sidecar")).build())) {
      List<String> blocks = SidecarFixture.backfill(history.blocks(), data);
      SidecarFixture.remoteWrite(prometheus.url(), now - 30 * 60_000L, now);

      PrometheusClient client = new PrometheusClient(URI.create(prometheus.url()), Duration.ofSeconds(30));
      PrometheusMetadata metadata = new PrometheusMetadata(client);
      assertThat(metadata.awaitExternalLabels(Duration.ofSeconds(30), Duration.ofMillis(200))).isEqualTo(EXT);
      UploadPreconditions.verify(client, Duration.ofSeconds(30), Duration.ofMillis(200));

      Shipper shipper = new Shipper(data, bucket, metadata::externalLabels, Shipper.Options.sidecar(false),
          Clock.systemUTC(), new SimpleMeterRegistry());
      // The backfill goes up, and so do the 1m blocks Prometheus cuts from the remote-written head.
      assertThat(shipper.sync().uploadedIds()).containsAll(blocks);

      // Prometheus picks up backfilled blocks on its next reload (at the latest a minute later).
      long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
      while (client.lowestTimestamp() > histStart && System.nanoTime() < deadline) {
        Thread.sleep(1000);
      }
      assertThat(client.lowestTimestamp()).as("Prometheus loaded the backfill").isEqualTo(histStart);
      metadata.refresh();
      // Prometheus may still be cutting head blocks; a few passes catch up with it.
      for (int i = 0; i < 20 && !shipper.allUploaded(); i++) {
        shipper.sync();
        Thread.sleep(200);
      }
      Map<String, BucketBlock> shipped = new MetaFetcher(bucket).fetch().blocks();
      assertThat(shipped).containsKeys(blocks.toArray(String[]::new));
      assertThat(shipped.keySet()).as("blocks Prometheus cut itself").hasSizeGreaterThan(blocks.size());
      assertThat(shipped.values()).allSatisfy(b -> {
        assertThat(b.meta().compaction().level()).isEqualTo(1);
        assertThat(b.meta().thanos().labels()).isEqualTo(EXT.toMap());
      });

      BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("store-gateway"))
          .consistencyDelay(Duration.ZERO).build();
      try (BlockSyncer syncer = new BlockSyncer(bucket, cfg, new SimpleMeterRegistry(), Clock.systemUTC());
          BucketStore gateway = new BucketStore(syncer, new InMemoryIndexCache(8 << 20, new SimpleMeterRegistry()),
              cfg, new SimpleMeterRegistry(), Clock.systemUTC())) {
        syncer.sync();
        PrometheusStore sidecar = new PrometheusStore(client, metadata);
        ProxyStore querier = new ProxyStore(() -> List.of(StoreRef.of("store-gateway", gateway),
            StoreRef.of("sidecar", sidecar)));

        TreeMap<Labels, List<P>> expected = SidecarFixture.prometheusRaw(prometheus.url(), histStart, now);
        assertThat(expected).hasSize(SidecarFixture.SERIES);
        assertThat(samples(querier, histStart, now)).isEqualTo(expected);
        // Each half alone: the gateway has the whole history (and what was cut from the head since), the sidecar
        // everything.
        TreeMap<Labels, List<P>> fromGateway = samples(gateway, histStart, now);
        assertThat(restrict(fromGateway, histStart, histEnd - 1)).isEqualTo(restrict(expected, histStart, histEnd - 1));
        fromGateway.forEach((l, points) -> assertThat(expected.get(l)).containsAll(points));
        assertThat(samples(sidecar, histStart, now)).isEqualTo(expected);
        // A window across the gap between history and head.
        assertThat(samples(querier, histEnd - 3_600_000L, now - 20 * 60_000L))
            .isEqualTo(restrict(expected, histEnd - 3_600_000L, now - 20 * 60_000L));

        // PromQL through the querier's read path (StoreQueryable over the proxy) against Prometheus's own
        // query_range. Steps sit 7 s off the 15 s sample grid, so no sample lies on a window edge (Prometheus 2.42
        // closes range windows on the left, the 3.x semantics Strata follows open them).
        StoreQueryable queryable = StoreQueryable.over(querier, DedupAlgorithm.PENALTY);
        DefaultQueryEngine engine = new DefaultQueryEngine();
        long start = histStart + 7_000;
        for (String expr : SidecarStackTest.QUERIES) {
          Matrix ours = (Matrix) engine.range(queryable.queryable(new ReadContext(false, List.of(), true, 0,
              List.of())), expr, start, now, 60_000, null).exec().value();
          TreeMap<Labels, List<P>> theirs = SidecarFixture.queryRange(prometheus.url(), expr, start, now,
              SidecarFixture.keepsLabels(expr));
          assertThat(ours.series()).as(expr).hasSize(theirs.size()).isNotEmpty();
          for (io.strata.promql.Series s : ours.series()) {
            List<P> want = theirs.get(s.metric());
            assertThat(want).as("%s %s", expr, s.metric()).isNotNull().hasSize(s.size());
            for (int i = 0; i < s.size(); i++) {
              assertThat(s.timestamps()[i]).isEqualTo(want.get(i).t());
              assertThat(s.values()[i]).as("%s %s at %d", expr, s.metric(), s.timestamps()[i])
                  .isCloseTo(want.get(i).value(), within(1e-9));
            }
          }
        }
      }
    }
  }

  /** A Series call's samples in [from, to], overlapping chunks (bucket and sidecar) merged by timestamp. */
  private static TreeMap<Labels, List<P>> samples(StoreApi store, long from, long to) {
    SeriesRequest req = SeriesRequest.newBuilder().setMinTime(from).setMaxTime(to)
        .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("__name__", "e2e_metric")))).build();
    TreeMap<Labels, List<P>> out = new TreeMap<>();
    try (CloseableIterator<SeriesResponse> it = store.series(req)) {
      while (it.hasNext()) {
        SeriesResponse r = it.next();
        assertThat(r.hasWarning()).as(r.getWarning()).isFalse();
        Series s = r.getSeries();
        List<Chunk> chunks = new ArrayList<>();
        s.getChunksList().forEach(c -> chunks.add(ProtoConversions.toTsdbChunk(c)));
        SeriesSampleIterator sit = new SeriesSampleIterator(from, to).reset(chunks, List.of());
        List<P> points = new ArrayList<>();
        while (sit.next() == ValueType.FLOAT) {
          points.add(new P(sit.atT(), Double.doubleToRawLongBits(sit.atValue())));
        }
        Labels l = ProtoConversions.labels(s.getLabelsList());
        assertThat(out).as("series %s sent twice", l).doesNotContainKey(l);
        out.put(l, points);
      }
    }
    return out;
  }
}
