package io.strata.httpapi;

import io.strata.model.GoQuote;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.VectorSelector;
import io.strata.promql.parser.Parser;
import io.strata.promql.storage.Querier;
import io.strata.promql.storage.SelectHints;
import io.strata.promql.storage.SeriesSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The endpoints that read labels and series rather than evaluate PromQL ({@code series}, {@code labels},
 * {@code label/<name>/values}), and the small informational ones ({@code metadata}, {@code query_exemplars},
 * {@code status/buildinfo}, {@code stores}), with Prometheus's parameter checks and error texts.
 */
final class MetadataEndpoints {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private final PrometheusApi api;
  private final ApiStorage storage;
  private final ApiConfig config;
  private final Supplier<List<EndpointStatus>> stores;

  MetadataEndpoints(PrometheusApi api, ApiStorage storage, ApiConfig config, Supplier<List<EndpointStatus>> stores) {
    this.api = api;
    this.storage = storage;
    this.config = config;
    this.stores = stores;
  }

  boolean hasStores() {
    return stores != null;
  }

  private static long start(ApiRequest r) {
    try {
      return Params.timeParam(r, "start", Params.MIN_TIME);
    } catch (ApiException e) {
      throw ApiException.invalidParameter("start", e.getMessage());
    }
  }

  private static long end(ApiRequest r) {
    try {
      return Params.timeParam(r, "end", Params.MAX_TIME);
    } catch (ApiException e) {
      throw ApiException.invalidParameter("end", e.getMessage());
    }
  }

  /** A storage failure while reading labels or series: Prometheus answers {@code execution} (422). */
  private static ApiException readFailure(RuntimeException e) {
    if (e instanceof ApiException a) {
      return a;
    }
    if (e instanceof io.strata.promql.PromQLException p) {
      return new ApiException(ApiErrorType.of(p.errorType()), p.getMessage(), p);
    }
    return new ApiException(ApiErrorType.EXECUTION, e.getMessage() == null ? e.toString() : e.getMessage(), e);
  }

  private Querier open(ApiRequest r, ReadContext ctx, long start, long end) {
    try {
      return storage.queryable(ctx).querier(start, end);
    } catch (RuntimeException e) {
      throw readFailure(e);
    }
  }

  PrometheusApi.Outcome series(ApiRequest r) {
    if (r.values("match[]").isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    int limit = PrometheusApi.limitParam(r);
    long start = start(r);
    long end = end(r);
    List<List<LabelMatcher>> sets;
    try {
      sets = Params.matcherSets(r.values("match[]"));
    } catch (ApiException e) {
      throw ApiException.invalidParameter("match[]", e.getMessage());
    }
    ReadContext ctx = api.readContext(r, 0);
    // "series" is Prometheus's hint for lookups that need labels only; stores then skip the chunks.
    SelectHints hints = new SelectHints(start, end, 0, 0, "series", false, List.of());
    Set<Labels> out = sets.size() > 1 ? new TreeSet<>() : new LinkedHashSet<>();
    List<String> warnings = new ArrayList<>();
    boolean truncated = false;
    try (Querier q = open(r, ctx, start, end); AutoCloseable c = r.onCancel(ctx::cancel)) {
      outer:
      for (List<LabelMatcher> ms : sets) {
        SeriesSet set = q.select(sets.size() > 1, hints, ms.toArray(new LabelMatcher[0]));
        while (set.next()) {
          out.add(set.at().labels());
          // A single selector streams in order: stop as soon as the limit is passed.
          if (limit > 0 && sets.size() == 1 && out.size() > limit) {
            truncated = true;
            break outer;
          }
        }
        warnings.addAll(set.warnings());
      }
    } catch (RuntimeException e) {
      throw readFailure(e);
    } catch (Exception e) {
      throw new ApiException(ApiErrorType.INTERNAL, e.toString(), e);
    }
    List<Labels> result = new ArrayList<>(out);
    if (limit > 0 && result.size() > limit) {
      result = result.subList(0, limit);
      truncated = true;
    }
    addAll(warnings, ctx.warnings());
    if (truncated) {
      warnings.add(PrometheusApi.TRUNCATED);
    }
    List<Labels> data = result;
    return PrometheusApi.Outcome.of(w -> ResponseEncoder.labelSets(w, data), warnings);
  }

  PrometheusApi.Outcome labelNames(ApiRequest r) {
    int limit = PrometheusApi.limitParam(r);
    long start = start(r);
    long end = end(r);
    List<List<LabelMatcher>> sets = Params.matcherSets(r.values("match[]"));
    ReadContext ctx = api.readContext(r, 0);
    TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
    try (Querier q = open(r, ctx, start, end); AutoCloseable c = r.onCancel(ctx::cancel)) {
      if (sets.isEmpty()) {
        names.addAll(q.labelNames());
      }
      for (List<LabelMatcher> ms : sets) {
        names.addAll(q.labelNames(ms.toArray(new LabelMatcher[0])));
      }
    } catch (RuntimeException e) {
      throw readFailure(e);
    } catch (Exception e) {
      throw new ApiException(ApiErrorType.INTERNAL, e.toString(), e);
    }
    return limited(names, limit, ctx);
  }

  PrometheusApi.Outcome labelValues(ApiRequest r, String rawName) {
    String name = Params.unescapeLabelName(rawName);
    if (name.isEmpty()) {
      throw ApiException.badData("invalid label name: " + GoQuote.quote(name));
    }
    int limit = PrometheusApi.limitParam(r);
    long start = start(r);
    long end = end(r);
    List<List<LabelMatcher>> sets = Params.matcherSets(r.values("match[]"));
    ReadContext ctx = api.readContext(r, 0);
    TreeSet<String> values = new TreeSet<>(Utf8Order.COMPARATOR);
    try (Querier q = open(r, ctx, start, end); AutoCloseable c = r.onCancel(ctx::cancel)) {
      if (sets.isEmpty()) {
        values.addAll(q.labelValues(name));
      }
      for (List<LabelMatcher> ms : sets) {
        values.addAll(q.labelValues(name, ms.toArray(new LabelMatcher[0])));
      }
    } catch (RuntimeException e) {
      throw readFailure(e);
    } catch (Exception e) {
      throw new ApiException(ApiErrorType.INTERNAL, e.toString(), e);
    }
    return limited(values, limit, ctx);
  }

  private static PrometheusApi.Outcome limited(TreeSet<String> sorted, int limit, ReadContext ctx) {
    List<String> out = new ArrayList<>(sorted);
    List<String> warnings = new ArrayList<>();
    addAll(warnings, ctx.warnings());
    if (limit > 0 && out.size() > limit) {
      out = out.subList(0, limit);
      warnings.add(PrometheusApi.TRUNCATED);
    }
    List<String> data = out;
    return PrometheusApi.Outcome.of(w -> ResponseEncoder.strings(w, data), warnings);
  }

  private static void addAll(List<String> to, List<String> from) {
    for (String s : from) {
      if (!to.contains(s)) {
        to.add(s);
      }
    }
  }

  /**
   * Metric metadata comes from scrape targets, which a querier over blocks does not have: the answer is the
   * valid empty object, after Prometheus's parameter checks.
   */
  PrometheusApi.Outcome metricMetadata(ApiRequest r) {
    if (!r.value("limit").isEmpty() && !r.value("limit").matches("[+-]?\\d+")) {
      throw ApiException.badData("limit must be a number");
    }
    if (!r.value("limit_per_metric").isEmpty() && !r.value("limit_per_metric").matches("[+-]?\\d+")) {
      throw ApiException.badData("limit_per_metric must be a number");
    }
    return PrometheusApi.Outcome.of(w -> w.beginObject().endObject(), List.of());
  }

  /**
   * Exemplars are not stored: a query with selectors gets the valid empty list, one without gets 204, as in
   * Prometheus.
   */
  PrometheusApi.Outcome queryExemplars(ApiRequest r) {
    long start = start(r);
    long end = end(r);
    if (end < start) {
      throw ApiException.badData("end timestamp must not be before start timestamp");
    }
    Expr expr;
    try {
      expr = Parser.parse(r.value("query"));
    } catch (RuntimeException e) {
      throw ApiException.badData(e.getMessage());
    }
    if (!hasSelector(expr)) {
      return PrometheusApi.Outcome.of(null, List.of());
    }
    return PrometheusApi.Outcome.of(w -> w.beginArray().endArray(), List.of());
  }

  private static boolean hasSelector(Expr root) {
    Deque<Expr> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Expr e = todo.pop();
      if (e instanceof VectorSelector) {
        return true;
      }
      for (Expr c : e.children()) {
        if (c != null) {
          todo.push(c);
        }
      }
    }
    return false;
  }

  PrometheusApi.Outcome buildInfo(ApiRequest r) {
    BuildInfo b = config.buildInfo();
    return PrometheusApi.Outcome.of(w -> w.beginObject()
        .name("version").value(b.version())
        .name("revision").value(b.revision())
        .name("branch").value(b.branch())
        .name("buildUser").value(b.buildUser())
        .name("buildDate").value(b.buildDate())
        .name("goVersion").value(b.goVersion())
        .endObject(), List.of());
  }

  /**
   * Thanos's {@code /api/v1/stores}: endpoints grouped by component type (keys sorted, as Go writes maps), each
   * with its last check, last error, label sets and time range.
   */
  PrometheusApi.Outcome stores(ApiRequest r) {
    Map<String, List<EndpointStatus>> byType = new TreeMap<>();
    for (EndpointStatus s : stores.get()) {
      if (s.componentType() == null || s.componentType().isEmpty()) {
        continue;
      }
      byType.computeIfAbsent(s.componentType(), k -> new ArrayList<>()).add(s);
    }
    return PrometheusApi.Outcome.of(w -> {
      w.beginObject();
      byType.forEach((type, list) -> {
        w.name(type).beginArray();
        for (EndpointStatus s : list) {
          w.beginObject().name("name").value(s.name())
              .name("lastCheck").value(goTime(s.lastCheck()))
              .name("lastError").value(s.lastError())
              .name("labelSets").beginArray();
          for (Labels l : s.labelSets()) {
            w.labels(l);
          }
          w.endArray().name("minTime").value(s.minTime()).name("maxTime").value(s.maxTime()).endObject();
        }
        w.endArray();
      });
      w.endObject();
    }, List.of());
  }

  /** Go's {@code time.Time} JSON: RFC 3339 with the nanosecond fraction's trailing zeros removed. */
  static String goTime(Instant t) {
    if (t == null) {
      return "0001-01-01T00:00:00Z";
    }
    StringBuilder b = new StringBuilder(SECONDS.format(t));
    if (t.getNano() != 0) {
      String frac = String.format("%09d", t.getNano());
      int n = frac.length();
      while (frac.charAt(n - 1) == '0') {
        n--;
      }
      b.append('.').append(frac, 0, n);
    }
    return b.append('Z').toString();
  }
}
