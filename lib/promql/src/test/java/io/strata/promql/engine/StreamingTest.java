package io.strata.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import io.strata.promql.Matrix;
import io.strata.promql.QueryOptions;
import io.strata.promql.Result;
import io.strata.promql.storage.XorChunkStorage;
import org.junit.jupiter.api.Test;

/** Series stream through selectors, range functions and aggregations: memory follows the output. */
class StreamingTest {
  private static XorChunkStorage storage(int series) {
    XorChunkStorage.Builder b = new XorChunkStorage.Builder();
    long[] ts = new long[241];
    double[] vs = new double[241];
    for (int s = 0; s < series; s++) {
      for (int i = 0; i < ts.length; i++) {
        ts[i] = i * 15_000L;
        vs[i] = i * (s % 7 + 1);
      }
      b.add(Labels.of("__name__", "x_total", "job", "j" + (s % 10), "instance", "i" + s), ts, vs, ts.length);
    }
    return b.build();
  }

  @Test
  void peakMemoryDoesNotGrowWithInputSeries() {
    DefaultQueryEngine engine = new DefaultQueryEngine();
    String q = "sum by (job) (rate(x_total[5m]))";
    Result small = engine.range(storage(100), q, 0, 3_600_000, 15_000, QueryOptions.DEFAULT).exec();
    Result large = engine.range(storage(5_000), q, 0, 3_600_000, 15_000, QueryOptions.DEFAULT).exec();
    assertThat(((Matrix) large.value()).series()).hasSize(10);
    // 5,000 series × 241 samples were read; what is held is the 10 groups × 241 steps, the output and one
    // window, whatever the number of input series.
    assertThat(large.peakSamples()).isEqualTo(small.peakSamples());
    assertThat(large.peakSamples()).isLessThan(3 * 10 * 241);
  }
}
