package io.strata.query;

import io.strata.model.Labels;
import io.strata.store.TestSeries;
import io.strata.store.tsdb.TsdbStore;
import io.strata.store.tsdb.TsdbStoreTestSupport;
import io.strata.tsdb.block.LocalBlock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two replicas of one Prometheus HA pair as in-process stores: external labels {@code cluster="eu"} and
 * {@code replica="a"|"b"}, series {@code up{job="api"}} every 15 s for an hour from {@link #T0}. Replica a scrapes
 * at :00/:15/..., is down for ten minutes from T0+20m and reports 1; replica b scrapes 5 s later and reports 2,
 * so a deduplicated answer shows which replica each sample came from.
 */
final class Replicas implements AutoCloseable {
  static final long T0 = 1_700_006_400_000L;
  static final long MINUTE = 60_000L;

  final List<LocalBlock> blocks = new ArrayList<>();
  final TsdbStore a;
  final TsdbStore b;

  Replicas(Path dir) throws Exception {
    TestSeries full = TestSeries.of(Labels.of("__name__", "up", "job", "api"), T0, 15_000, 240, t -> 1);
    List<TestSeries> withGap = List.of(full.slice(T0, T0 + 20 * MINUTE), full.slice(T0 + 30 * MINUTE, T0 + 60 * MINUTE));
    TestSeries aSeries = new TestSeries(full.labels(),
        concat(withGap.get(0).timestamps(), withGap.get(1).timestamps()),
        concat(withGap.get(0).values(), withGap.get(1).values()));
    TestSeries bSeries = TestSeries.of(full.labels(), T0 + 5_000, 15_000, 240, t -> 2);
    a = TsdbStoreTestSupport.open(List.of(aSeries), Labels.of("cluster", "eu", "replica", "a"), dir.resolve("a"),
        blocks::add);
    b = TsdbStoreTestSupport.open(List.of(bSeries), Labels.of("cluster", "eu", "replica", "b"), dir.resolve("b"),
        blocks::add);
  }

  private static long[] concat(long[] x, long[] y) {
    long[] out = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  private static double[] concat(double[] x, double[] y) {
    double[] out = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  @Override
  public void close() throws Exception {
    for (LocalBlock blk : blocks) {
      blk.close();
    }
  }
}
