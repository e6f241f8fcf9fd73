package io.strata.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.store.ProtoConversions;
import io.strata.store.TestSeries;
import io.strata.store.dedup.Samples.S;
import io.strata.store.proxy.ProxyStore;
import io.strata.store.proxy.StoreRef;
import io.strata.store.tsdb.TsdbStoreTestSupport;
import io.strata.tsdb.block.LocalBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The querier's read path end to end: an HA pair of stores (external label {@code replica}), a proxy asked
 * with {@code without_replica_labels}, and {@link DedupSeriesSet} on its output.
 */
class DedupPipelineTest {
  @TempDir Path dir;
  private final List<LocalBlock> blocks = new ArrayList<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void close() throws Exception {
    for (LocalBlock b : blocks) {
      b.close();
    }
    executor.close();
  }

  private static TestSeries series(List<S> samples, String... labels) {
    long[] ts = new long[samples.size()];
    double[] vs = new double[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      ts[i] = samples.get(i).t();
      vs[i] = samples.get(i).v();
    }
    return new TestSeries(Labels.of(labels), ts, vs);
  }

  @Test
  void anHaPairIsDeduplicatedIntoOneSeries() throws Exception {
    long base = 1_700_006_400_000L;
    List<StoreRef> refs = new ArrayList<>();
    List<List<S>> replicas = List.of(PenaltyDedupIteratorTest.EXAMPLE_A, PenaltyDedupIteratorTest.EXAMPLE_B);
    for (int r = 0; r < 2; r++) {
      List<S> shifted = new ArrayList<>();
      for (S s : replicas.get(r)) {
        shifted.add(new S(base + s.t(), s.v()));
      }
      Labels ext = Labels.of("cluster", "eu1", "replica", "r" + r);
      var store = TsdbStoreTestSupport.open(List.of(series(shifted, "__name__", "up", "job", "api"),
              series(List.of(new S(base, r)), "__name__", "up", "job", "db")), ext,
          Files.createDirectories(dir.resolve("r" + r)), blocks::add);
      refs.add(StoreRef.of("r" + r, store));
    }
    ProxyStore proxy = new ProxyStore(() -> refs, Duration.ofSeconds(10), 16, executor);
    SeriesRequest request = SeriesRequest.newBuilder().setMinTime(base).setMaxTime(base + 200_000)
        .addMatchers(ProtoConversions.toProto(LabelMatcher.equal("__name__", "up"))).addWithoutReplicaLabels("replica")
        .build();

    try (DedupSeriesSet set = new DedupSeriesSet(proxy.series(request), Set.of("replica"), DedupAlgorithm.PENALTY, "",
        base, base + 200_000)) {
      assertThat(set.next()).isTrue();
      assertThat(set.labels()).isEqualTo(Labels.of("__name__", "up", "cluster", "eu1", "job", "api"));
      List<S> expected = new ArrayList<>();
      for (S s : PenaltyDedupIteratorTest.concat(Samples.every(0, 30_000, 10_000, 0),
          Samples.every(45_000, 115_000, 10_000, 0.5))) {
        expected.add(new S(base + s.t(), s.v()));
      }
      assertThat(Samples.drain(set.iterator())).isEqualTo(expected);
      assertThat(set.next()).isTrue();
      assertThat(set.labels()).isEqualTo(Labels.of("__name__", "up", "cluster", "eu1", "job", "db"));
      List<S> db = Samples.drain(set.iterator());
      assertThat(db).as("both replicas sampled at the same instant: one sample").hasSize(1);
      assertThat(db.get(0).t()).isEqualTo(base);
      assertThat(set.next()).isFalse();
      assertThat(set.warnings()).isEmpty();
    }
  }
}
