package io.strata.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promql.EngineOptions;
import io.strata.promql.ErrorType;
import io.strata.promql.PromQLException;
import io.strata.promql.Query;
import io.strata.promql.QueryOptions;
import io.strata.promql.Vector;
import io.strata.promql.storage.InMemoryStorage;
import io.strata.promql.storage.Querier;
import io.strata.promql.storage.Queryable;
import io.strata.promql.storage.SelectHints;
import io.strata.promql.storage.SeriesSet;
import io.strata.promql.storage.StorageSeries;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Timeouts, cancellation, the sample limit and the range-query resolution limit. */
class EngineLimitsTest {
  private static InMemoryStorage storage(int series, int samples) {
    InMemoryStorage s = new InMemoryStorage();
    for (int i = 0; i < series; i++) {
      Labels l = Labels.of("__name__", "m", "i", Integer.toString(i));
      for (int k = 0; k < samples; k++) {
        s.append(l, k * 15_000L, k);
      }
    }
    return s;
  }

  @Test
  void tooManySamplesFailsWithPrometheusError() {
    DefaultQueryEngine engine = new DefaultQueryEngine(EngineOptions.defaults().withMaxSamples(100));
    InMemoryStorage s = storage(20, 100);
    PromQLException e = catchThrowableOfType(PromQLException.class,
        () -> engine.range(s, "m", 0, 600_000, 15_000, QueryOptions.DEFAULT).exec());
    assertThat(e).hasMessage("query processing would load too many samples into memory in query execution");
    assertThat(e.errorType()).isEqualTo(ErrorType.EXECUTION);
    PromQLException windows = catchThrowableOfType(PromQLException.class,
        () -> engine.instant(s, "sum(count_over_time(m[30m]))", 1_500_000, QueryOptions.DEFAULT).exec());
    assertThat(windows).hasMessageContaining("too many samples");
  }

  @Test
  void aggregationsStreamSoTheLimitAppliesToWhatIsHeld() {
    // 200 series × 100 samples: far more than the limit in total, but sum() keeps one group.
    DefaultQueryEngine engine = new DefaultQueryEngine(EngineOptions.defaults().withMaxSamples(1_000));
    InMemoryStorage s = storage(200, 100);
    Vector v = (Vector) engine.instant(s, "sum(rate(m[5m]))", 1_000_000, QueryOptions.DEFAULT).exec().value();
    assertThat(v.samples()).hasSize(1);
  }

  @Test
  void rangeQueriesAreLimitedTo11000Steps() {
    DefaultQueryEngine engine = new DefaultQueryEngine();
    InMemoryStorage s = storage(1, 1);
    assertThatThrownBy(() -> engine.range(s, "m", 0, 11_001_000, 1_000, QueryOptions.DEFAULT))
        .isInstanceOf(PromQLException.class)
        .hasMessage("exceeded maximum resolution of 11,000 points per timeseries. "
            + "Try decreasing the query resolution (?step=XX)")
        .extracting(x -> ((PromQLException) x).errorType()).isEqualTo(ErrorType.BAD_DATA);
    assertThat(engine.range(s, "m", 0, 11_000_000, 1_000, QueryOptions.DEFAULT)).isNotNull();
    assertThatThrownBy(() -> engine.range(s, "m", 0, 10, 0, QueryOptions.DEFAULT))
        .hasMessage("zero or negative query resolution step widths are not accepted. Try a positive integer");
    assertThatThrownBy(() -> engine.range(s, "m", 10, 0, 1, QueryOptions.DEFAULT))
        .hasMessage("end timestamp must not be before start time");
    assertThatThrownBy(() -> engine.range(s, "m[5m]", 0, 10, 1, QueryOptions.DEFAULT))
        .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
  }

  /** A queryable whose series iteration blocks until released, to test timeouts and cancellation. */
  private static Queryable slow(InMemoryStorage inner, CountDownLatch entered, long sleepMillis) {
    return (mint, maxt) -> {
      Querier q = inner.querier(mint, maxt);
      return new Querier() {
        @Override
        public SeriesSet select(boolean sorted, SelectHints hints, LabelMatcher... m) {
          SeriesSet set = q.select(sorted, hints, m);
          return new SeriesSet() {
            @Override
            public boolean next() {
              entered.countDown();
              try {
                Thread.sleep(sleepMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return set.next();
            }

            @Override
            public StorageSeries at() {
              return set.at();
            }
          };
        }

        @Override
        public List<String> labelValues(String name, LabelMatcher... m) {
          return q.labelValues(name, m);
        }

        @Override
        public List<String> labelNames(LabelMatcher... m) {
          return q.labelNames(m);
        }

        @Override
        public void close() {}
      };
    };
  }

  @Test
  void queriesTimeOut() {
    DefaultQueryEngine engine = new DefaultQueryEngine(EngineOptions.defaults().withTimeout(Duration.ofMillis(50)));
    Queryable q = slow(storage(100, 10), new CountDownLatch(1), 5);
    PromQLException e = catchThrowableOfType(PromQLException.class,
        () -> engine.instant(q, "sum(m)", 100_000, QueryOptions.DEFAULT).exec());
    assertThat(e).hasMessage("query timed out in expression evaluation");
    assertThat(e.errorType()).isEqualTo(ErrorType.TIMEOUT);
  }

  @Test
  void perQueryTimeoutCanOnlyShortenTheEngineTimeout() {
    DefaultQueryEngine engine = new DefaultQueryEngine();
    Queryable q = slow(storage(100, 10), new CountDownLatch(1), 5);
    QueryOptions o = QueryOptions.DEFAULT.withTimeout(Duration.ofMillis(30));
    assertThatThrownBy(() -> engine.instant(q, "sum(m)", 100_000, o).exec())
        .hasMessage("query timed out in expression evaluation");
  }

  @Test
  void queriesCanBeCanceledFromAnotherThread() throws Exception {
    DefaultQueryEngine engine = new DefaultQueryEngine();
    CountDownLatch entered = new CountDownLatch(1);
    Query query = engine.instant(slow(storage(1000, 10), entered, 2), "sum(m)", 100_000, QueryOptions.DEFAULT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        query.exec();
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    entered.await();
    query.cancel();
    t.join(10_000);
    assertThat(failure.get()).isInstanceOf(PromQLException.class)
        .hasMessage("query was canceled in expression evaluation");
    assertThat(((PromQLException) failure.get()).errorType()).isEqualTo(ErrorType.CANCELED);
  }

  @Test
  void lookbackDeltaIsConfigurablePerQuery() {
    DefaultQueryEngine engine = new DefaultQueryEngine();
    InMemoryStorage s = new InMemoryStorage();
    s.append(Labels.of("__name__", "m"), 0, 1);
    assertThat(((Vector) engine.instant(s, "m", 240_000, QueryOptions.DEFAULT).exec().value()).samples()).hasSize(1);
    QueryOptions o = QueryOptions.DEFAULT.withLookbackDelta(Duration.ofMinutes(1));
    assertThat(((Vector) engine.instant(s, "m", 240_000, o).exec().value()).samples()).isEmpty();
  }

  @Test
  void deeplyNestedValidQueriesEvaluateWithinTheStack() throws Exception {
    DefaultQueryEngine engine = new DefaultQueryEngine();
    InMemoryStorage s = storage(3, 10);
    int depth = io.strata.promql.parser.ParserOptions.DEFAULT_MAX_DEPTH - 3;
    String[] queries = {
      "abs(".repeat(depth / 2) + "m" + ")".repeat(depth / 2) + " + 0".repeat(depth / 2 - 1),
      "(".repeat(depth) + "m" + ")".repeat(depth),
      "m" + " + m".repeat(depth - 2),
      "sum(".repeat(depth - 1) + "m" + ")".repeat(depth - 1),
      "-".repeat(depth - 1) + "m",
    };
    for (String q : queries) {
      AtomicReference<Object> result = new AtomicReference<>();
      // Half the default 1 MiB thread stack: the deepest accepted queries need about 400 KiB.
      Thread t = new Thread(null, () -> {
        try {
          result.set(engine.range(s, q, 0, 135_000, 15_000, QueryOptions.DEFAULT).exec().value());
        } catch (Throwable e) {
          result.set(e);
        }
      }, "half-stack", 512 * 1024);
      t.start();
      t.join();
      assertThat(result.get()).as("%s", result.get()).isInstanceOf(io.strata.promql.Matrix.class);
    }
  }
}
