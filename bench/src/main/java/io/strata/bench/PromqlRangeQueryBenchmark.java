package io.strata.bench;

import io.strata.model.Labels;
import io.strata.promql.Matrix;
import io.strata.promql.QueryOptions;
import io.strata.promql.engine.DefaultQueryEngine;
import io.strata.promql.storage.XorChunkStorage;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PromQL range queries over 10,000 series of one hour at a 15 s scrape interval (241 samples each, held in
 * XOR chunks), evaluated at a 15 s step: the rate-and-sum shape of most dashboards and the usual
 * latency-percentile shape. One operation is one whole query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class PromqlRangeQueryBenchmark {
  private static final long HOUR = 3_600_000L;
  private static final long STEP = 15_000L;
  private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
      "+Inf"};

  @Param({"10000"})
  public int series;

  @Param({"sum by (job) (rate(http_requests_total[5m]))",
      "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))"})
  public String query;

  private XorChunkStorage storage;
  private DefaultQueryEngine engine;

  @Setup
  public void setUp() {
    Random r = new Random(1);
    int samples = (int) (HOUR / STEP) + 1;
    long[] ts = new long[samples];
    double[] vs = new double[samples];
    XorChunkStorage.Builder b = new XorChunkStorage.Builder();
    boolean histogram = query.contains("x_bucket");
    for (int s = 0; s < series; s++) {
      Labels labels;
      if (histogram) {
        int instance = s / LE.length;
        labels = Labels.of("__name__", "x_bucket", "job", "job" + (instance % 10), "instance",
            "host-" + instance, "le", LE[s % LE.length]);
      } else {
        labels = Labels.of("__name__", "http_requests_total", "job", "job" + (s % 10), "instance", "host-" + s);
      }
      double v = 0;
      // Bucket counters grow more for larger bounds, as cumulative buckets do.
      double rate = histogram ? 1 + (s % LE.length) : 1 + r.nextInt(20);
      for (int i = 0; i < samples; i++) {
        ts[i] = i * STEP + r.nextInt(100);
        v += rate * r.nextDouble() * 15;
        if (!histogram && r.nextInt(2000) == 0) {
          v = 0; // an occasional counter reset
        }
        vs[i] = Math.floor(v);
      }
      b.add(labels, ts, vs, samples);
    }
    storage = b.build();
    engine = new DefaultQueryEngine();
  }

  @Benchmark
  public Matrix rangeQuery() {
    return (Matrix) engine.range(storage, query, 0, HOUR, STEP, QueryOptions.DEFAULT).exec().value();
  }
}
