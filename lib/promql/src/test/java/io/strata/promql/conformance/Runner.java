package io.strata.promql.conformance;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promql.Annotation;
import io.strata.promql.EngineOptions;
import io.strata.promql.Matrix;
import io.strata.promql.PromQLException;
import io.strata.promql.Query;
import io.strata.promql.QueryOptions;
import io.strata.promql.Result;
import io.strata.promql.Sample;
import io.strata.promql.Scalar;
import io.strata.promql.Series;
import io.strata.promql.StringValue;
import io.strata.promql.Value;
import io.strata.promql.Vector;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.VectorSelector;
import io.strata.promql.engine.DefaultQueryEngine;
import io.strata.promql.parser.Parser;
import io.strata.promql.parser.ParserOptions;
import io.strata.promql.storage.InMemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Executes promqltest commands against the engine and checks the results as Prometheus' harness does. */
final class Runner {
  static final EngineOptions OPTIONS = EngineOptions.defaults()
      .withMaxSamples(10_000)
      .withTimeout(Duration.ofSeconds(100))
      .withLookbackDelta(Duration.ofMinutes(5))
      .withNoStepSubqueryInterval(r -> 60_000L)
      .withDelayedNameRemoval(true)
      .withParserOptions(ParserOptions.allExperimental());

  final DefaultQueryEngine engine = new DefaultQueryEngine(OPTIONS);

  /** The storage after a sequence of loads, and what the float engine could not load. */
  static final class State {
    final InMemoryStorage storage = new InMemoryStorage();
    final List<TestScript.Load> history = new ArrayList<>();
    private io.strata.promql.storage.XorChunkStorage chunks;

    /** The loaded data encoded as Prometheus XOR chunks, so that queries read through the TSDB's decoder. */
    io.strata.promql.storage.Queryable queryable() {
      if (chunks == null) {
        chunks = io.strata.promql.storage.XorChunkStorage.of(storage);
      }
      return chunks;
    }
    final List<Labels> nativeSeries = new ArrayList<>();
    final List<Labels> nhcbSeries = new ArrayList<>();
    boolean startTimestamps;

    void load(TestScript.Load load) {
      Map<Labels, TestScript.LoadedSeries> defs = new HashMap<>();
      for (TestScript.LoadedSeries s : load.series()) {
        defs.put(s.labels(), s); // A later definition of the same series replaces an earlier one.
      }
      startTimestamps |= load.startTimestamps();
      for (TestScript.LoadedSeries s : defs.values()) {
        if (s.hasHistograms()) {
          nativeSeries.add(s.labels());
        }
        List<Double> vs = s.values();
        for (int k = 0; k < vs.size(); k++) {
          Double v = vs.get(k);
          if (v == null || SequenceValues.isHistogram(v)) {
            continue;
          }
          storage.append(s.labels(), k * load.stepMillis(), v);
        }
        if (load.withNhcb()) {
          Labels nhcb = nhcbLabels(s.labels());
          if (nhcb != null) {
            nhcbSeries.add(nhcb);
          }
        }
      }
    }

    private static Labels nhcbLabels(Labels l) {
      String name = l.metricName();
      for (String suffix : List.of("_bucket", "_count", "_sum")) {
        if (name.endsWith(suffix)) {
          return l.toBuilder().set("__name__", name.substring(0, name.length() - suffix.length())).del("le")
              .build();
        }
      }
      return null;
    }

    /** Whether any selector of the expression can match one of the given series. */
    static boolean selects(Expr e, List<Labels> series) {
      if (e instanceof VectorSelector vs) {
        for (Labels l : series) {
          boolean all = true;
          for (LabelMatcher m : vs.matchers()) {
            if (!m.matches(l.get(m.name()))) {
              all = false;
              break;
            }
          }
          if (all) {
            return true;
          }
        }
      }
      for (Expr c : e.children()) {
        if (selects(c, series)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Runs one eval; throws AssertionError describing the first mismatch. */
  void run(TestScript.Eval e, State state) {
    if (e.range) {
      runRange(e, state);
      return;
    }
    List<String> exprs = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    exprs.add(e.expr);
    times.add(e.evalTime);
    Expr parsed = Parser.parse(e.expr, ParserOptions.allExperimental());
    if (!AtRewriter.usesUnsafeFunction(parsed)) {
      String rewritten = AtRewriter.rewrite(parsed, e.evalTime).toString();
      for (long t : AtRewriter.evalTimes(e.evalTime)) {
        exprs.add(rewritten);
        times.add(t);
      }
    }
    for (int i = 0; i < exprs.size(); i++) {
      runInstant(e, state, exprs.get(i), times.get(i));
    }
  }

  private void runInstant(TestScript.Eval e, State state, String expr, long t) {
    Result res;
    try (Query q = engine.instant(state.queryable(), expr, t, QueryOptions.DEFAULT)) {
      res = q.exec();
    } catch (PromQLException ex) {
      if (e.isFail()) {
        checkFailure(e, ex);
        return;
      }
      throw new AssertionError("error evaluating " + expr + " at " + t + ": " + ex.getMessage(), ex);
    }
    if (e.isFail()) {
      throw new AssertionError("expected error evaluating " + expr + " at " + t + " but got none");
    }
    checkAnnotations(e, res);
    compare(e, res.value(), expr + " at " + t);
    if (e.excludeFromRangeQuery || expr.matches("(?s).*(start|end|range|step)\\(\\).*")) {
      return;
    }
    Result rangeRes;
    try (Query q = engine.range(state.queryable(), expr, t - 60_000, t + 60_000, 60_000, QueryOptions.DEFAULT)) {
      rangeRes = q.exec();
    } catch (PromQLException ex) {
      throw new AssertionError("error evaluating " + expr + " at " + t + " in range mode: " + ex.getMessage(), ex);
    }
    if (e.isOrdered()) {
      return;
    }
    Matrix m = (Matrix) rangeRes.value();
    assertSorted(m);
    List<Sample> vec = new ArrayList<>();
    for (Series s : m.series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.timestamps()[i] == t) {
          vec.add(new Sample(s.metric(), t, s.values()[i]));
          break;
        }
      }
    }
    Value asInstant = res.value() instanceof Scalar ? new Scalar(t, vec.isEmpty() ? Double.NaN : vec.get(0).value())
        : new Vector(vec);
    compare(e, asInstant, expr + " at " + t + " (range mode)");
  }

  private void runRange(TestScript.Eval e, State state) {
    Result res;
    try (Query q = engine.range(state.queryable(), e.expr, e.start, e.end, e.step, QueryOptions.DEFAULT)) {
      res = q.exec();
    } catch (PromQLException ex) {
      if (e.isFail()) {
        checkFailure(e, ex);
        return;
      }
      throw new AssertionError("error evaluating range query " + e.expr + ": " + ex.getMessage(), ex);
    }
    if (e.isFail()) {
      throw new AssertionError("expected error evaluating " + e.expr + " but got none");
    }
    checkAnnotations(e, res);
    compare(e, res.value(), e.expr);
  }

  private static void checkFailure(TestScript.Eval e, PromQLException ex) {
    List<TestScript.Expectation> fails = e.expectations("fail");
    if (!fails.isEmpty() && !fails.get(0).matches(ex.getMessage())) {
      throw new AssertionError("expected error matching " + fails.get(0) + " but got: " + ex.getMessage());
    }
  }

  private static void checkAnnotations(TestScript.Eval e, Result res) {
    List<String> warnings = res.annotations().warnings().stream().map(Annotation::message).toList();
    List<String> infos = res.annotations().infos().stream().map(Annotation::message).toList();
    if (e.warn && warnings.isEmpty()) {
      throw new AssertionError("expected warnings but got none");
    }
    if (e.info && infos.isEmpty()) {
      throw new AssertionError("expected info annotations but got none");
    }
    checkAnnotationsOfType(e.expectations("warn"), warnings, "warn");
    checkAnnotationsOfType(e.expectations("info"), infos, "info");
    if (!e.expectations("no_warn").isEmpty() && !warnings.isEmpty()) {
      throw new AssertionError("unexpected warning annotations: " + warnings);
    }
    if (!e.expectations("no_info").isEmpty() && !infos.isEmpty()) {
      throw new AssertionError("unexpected info annotations: " + infos);
    }
  }

  private static void checkAnnotationsOfType(List<TestScript.Expectation> expected, List<String> actual,
      String type) {
    if (expected.isEmpty()) {
      return;
    }
    if (actual.isEmpty()) {
      throw new AssertionError("expected " + type + " annotations but none were found");
    }
    for (TestScript.Expectation x : expected) {
      if (actual.stream().noneMatch(x::matches)) {
        throw new AssertionError("expected " + type + " annotation matching " + x + ", found " + actual);
      }
    }
    for (String a : actual) {
      if (expected.stream().noneMatch(x -> x.matches(a))) {
        throw new AssertionError("unexpected " + type + " annotation " + a);
      }
    }
  }

  private static void assertSorted(Matrix m) {
    for (int i = 1; i < m.size(); i++) {
      if (m.series().get(i - 1).metric().compareTo(m.series().get(i).metric()) > 0) {
        throw new AssertionError("matrix not sorted by labels at index " + i);
      }
    }
  }

  private static void compare(TestScript.Eval e, Value v, String what) {
    switch (v) {
      case Matrix m -> {
        if (e.isOrdered()) {
          throw new AssertionError("expected ordered result, but query returned a matrix");
        }
        if (e.scalar != null) {
          throw new AssertionError("expected scalar result, but got matrix " + m);
        }
        assertSorted(m);
        Map<Labels, TestScript.ExpectedSeries> expected = byLabels(e);
        for (Series s : m.series()) {
          TestScript.ExpectedSeries exp = expected.remove(s.metric());
          if (exp == null) {
            throw new AssertionError(what + ": unexpected metric " + s.metric() + " in result, has " + s);
          }
          List<long[]> points = new ArrayList<>();
          List<Double> values = new ArrayList<>();
          for (int i = 0; i < exp.values().size(); i++) {
            long ts = e.start + i * e.step;
            if (ts > e.end) {
              throw new AssertionError("expected more points than the query range holds for " + s.metric());
            }
            Double x = exp.values().get(i);
            if (x != null) {
              points.add(new long[] {ts});
              values.add(x);
            }
          }
          if (points.size() != s.size()) {
            throw new AssertionError(what + ": expected " + points.size() + " points for " + s.metric() + " but got "
                + s);
          }
          for (int i = 0; i < points.size(); i++) {
            if (points.get(i)[0] != s.timestamps()[i]) {
              throw new AssertionError(what + ": expected point " + i + " of " + s.metric() + " at "
                  + points.get(i)[0] + " but got " + s);
            }
            if (!almostEqual(s.values()[i], values.get(i))) {
              throw new AssertionError(what + ": expected " + values.get(i) + " at index " + i + " for "
                  + s.metric() + " but got " + s);
            }
          }
        }
        if (!expected.isEmpty()) {
          throw new AssertionError(what + ": expected metric " + expected.keySet().iterator().next() + " not found");
        }
      }
      case Vector vec -> {
        if (e.scalar != null) {
          throw new AssertionError(what + ": expected scalar result, but got vector " + vec);
        }
        Map<Labels, TestScript.ExpectedSeries> expected = byLabels(e);
        int pos = 0;
        for (Sample s : vec.samples()) {
          pos++;
          TestScript.ExpectedSeries exp = expected.remove(s.metric());
          if (exp == null) {
            throw new AssertionError(what + ": unexpected metric " + s.metric() + " in result, has value "
                + s.value());
          }
          if (e.isOrdered() && exp.position() != pos) {
            throw new AssertionError(what + ": expected metric " + s.metric() + " at position " + exp.position()
                + " but was at " + pos);
          }
          Double x = exp.values().isEmpty() ? null : exp.values().get(0);
          if (x == null || !almostEqual(x, s.value())) {
            throw new AssertionError(what + ": expected " + x + " for " + s.metric() + " but got " + s.value());
          }
        }
        if (!expected.isEmpty()) {
          throw new AssertionError(what + ": expected metric " + expected.keySet().iterator().next()
              + " not found; got " + vec.samples());
        }
      }
      case Scalar s -> {
        if (e.scalar == null) {
          throw new AssertionError(what + ": expected vector or matrix result, but got scalar " + s.value());
        }
        if (!almostEqual(e.scalar, s.value())) {
          throw new AssertionError(what + ": expected scalar " + e.scalar + " but got " + s.value());
        }
      }
      case StringValue s -> {
        if (!Objects.equals(e.string, s.value())) {
          throw new AssertionError(what + ": expected string \"" + e.string + "\" but got \"" + s.value() + "\"");
        }
      }
    }
  }

  private static Map<Labels, TestScript.ExpectedSeries> byLabels(TestScript.Eval e) {
    Map<Labels, TestScript.ExpectedSeries> m = new java.util.LinkedHashMap<>();
    for (TestScript.ExpectedSeries s : e.series) {
      m.put(s.labels(), s);
    }
    return m;
  }

  /** Prometheus' {@code almost.Equal} with epsilon 1e-6, where stale markers only equal stale markers. */
  static boolean almostEqual(double a, double b) {
    boolean sa = Double.doubleToRawLongBits(a) == SequenceValues.STALE_BITS;
    boolean sb = Double.doubleToRawLongBits(b) == SequenceValues.STALE_BITS;
    if (sa || sb) {
      return sa && sb;
    }
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < 1e-6 * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < 1e-6;
  }
}
