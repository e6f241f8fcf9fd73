package io.strata.httpapi;

import io.strata.model.GoQuote;
import io.strata.model.LabelMatcher;
import io.strata.promql.Annotation;
import io.strata.promql.Annotations;
import io.strata.promql.Matrix;
import io.strata.promql.PromQLException;
import io.strata.promql.Query;
import io.strata.promql.QueryEngine;
import io.strata.promql.QueryOptions;
import io.strata.promql.Result;
import io.strata.promql.Value;
import io.strata.promql.Vector;
import io.strata.promql.parser.Parser;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus HTTP query API of a querier: routes a request below {@code /api/v1} to its handler and turns
 * the outcome into Prometheus's JSON, status codes and headers.
 *
 * <p>Queries ({@code query}, {@code query_range}) wait for one of {@code maxConcurrent} slots and run with a
 * deadline, the smaller of {@code --query.timeout} and the request's {@code timeout}. At the deadline, or when
 * the client goes away ({@link ApiRequest#cancel()}), the query and its reads in flight are canceled, so a store
 * that hangs cannot hold a request beyond its deadline; the answer is then {@code timeout} (503) or
 * {@code canceled} (499).
 *
 * <p>While {@code ready} is false every endpoint answers 503 {@code Service Unavailable} in plain text, as
 * Prometheus does while starting. Thread-safe: one instance serves all requests; handlers block, so call them
 * from a thread that may block (a virtual thread), never from an event loop.
 */
public final class PrometheusApi {
  private static final Logger log = LoggerFactory.getLogger(PrometheusApi.class);
  static final String TRUNCATED = "results truncated due to limit";

  /**
   * Runs query deadlines and the interrupt of queries that ignore cancellation. Its tasks are cancelled without
   * the exception (and stack trace) that cancelling a {@code CompletableFuture} creates on every query.
   */
  private static final ScheduledThreadPoolExecutor WATCHDOGS = watchdogs();

  private final QueryEngine engine;
  private final ApiStorage storage;
  private final ApiConfig config;
  private final BooleanSupplier ready;
  private final Clock clock;
  private final Semaphore gate;
  private final MetadataEndpoints metadata;

  /**
   * @param stores what {@code /api/v1/stores} lists; null if this API has no endpoints to list (then 404)
   * @param ready whether the server is ready to answer
   */
  public PrometheusApi(QueryEngine engine, ApiStorage storage, ApiConfig config, Supplier<List<EndpointStatus>> stores,
      BooleanSupplier ready, Clock clock) {
    this.engine = engine;
    this.storage = storage;
    this.config = config;
    this.ready = ready;
    this.clock = clock;
    this.gate = config.maxConcurrent() > 0 ? new Semaphore(config.maxConcurrent(), true) : null;
    this.metadata = new MetadataEndpoints(this, storage, config, stores);
  }

  /** What a handler produced: data for the envelope (null: 204 No Content) and warnings/infos. */
  record Outcome(Consumer<JsonWriter> data, List<String> warnings, List<String> infos) {
    static Outcome of(Consumer<JsonWriter> data, List<String> warnings) {
      return new Outcome(data, warnings, List.of());
    }
  }

  @FunctionalInterface
  private interface Handler {
    Outcome handle(ApiRequest r);
  }

  /**
   * Answers one request.
   *
   * @param path the path below {@code /api/v1}, e.g. {@code /query} or {@code /label/job/values}
   */
  public ApiResponse handle(String path, ApiRequest r) {
    if (!ready.getAsBoolean()) {
      return ApiResponse.text(503, "Service Unavailable");
    }
    if ("OPTIONS".equals(r.method())) {
      return cors(r, ApiResponse.noContent());
    }
    Handler h;
    boolean postAllowed = true;
    if (path.startsWith("/label/") && path.endsWith("/values") && path.length() >= "/label//values".length()) {
      String name = path.substring("/label/".length(), path.length() - "/values".length());
      h = req -> metadata.labelValues(req, name);
      postAllowed = false;
    } else {
      switch (path) {
        case "/query" -> h = this::query;
        case "/query_range" -> h = this::queryRange;
        case "/query_exemplars" -> h = metadata::queryExemplars;
        case "/format_query" -> h = this::formatQuery;
        case "/labels" -> h = metadata::labelNames;
        case "/series" -> h = metadata::series;
        case "/metadata" -> {
          h = metadata::metricMetadata;
          postAllowed = false;
        }
        case "/status/buildinfo" -> {
          h = metadata::buildInfo;
          postAllowed = false;
        }
        case "/stores" -> {
          if (!metadata.hasStores()) {
            return notFound();
          }
          h = metadata::stores;
          postAllowed = false;
        }
        case "/rules" -> {
          h = req -> Outcome.of(w -> w.beginObject().name("groups").beginArray().endArray().endObject(), List.of());
          postAllowed = false;
        }
        case "/alerts" -> {
          h = req -> Outcome.of(w -> w.beginObject().name("alerts").beginArray().endArray().endObject(), List.of());
          postAllowed = false;
        }
        default -> {
          return notFound();
        }
      }
    }
    if (!"GET".equals(r.method()) && !("POST".equals(r.method()) && postAllowed)) {
      return ApiResponse.text(405, "Method Not Allowed\n");
    }
    Outcome o;
    try {
      o = h.handle(r);
    } catch (ApiException e) {
      return error(r, e.type(), e.getMessage());
    } catch (RuntimeException e) {
      log.warn("msg=\"API handler failed\" path={} err=\"{}\"", path, e.toString(), e);
      return error(r, ApiErrorType.INTERNAL, e.toString());
    }
    if (o.data() == null) {
      return cors(r, ApiResponse.noContent());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String w : o.warnings()) {
      // Thanos: answers with warnings from outside PromQL (partial responses) must not be cached downstream.
      if (!w.startsWith("PromQL ")) {
        headers.put("Cache-Control", "no-store");
        break;
      }
    }
    return cors(r, ApiResponse.json(200, ResponseEncoder.success(o.data(), o.warnings(), o.infos()), headers));
  }

  private static ApiResponse notFound() {
    return ApiResponse.text(404, "404 page not found\n");
  }

  private static ApiResponse error(ApiRequest r, ApiErrorType type, String message) {
    return cors(r, ApiResponse.json(type.status(), ResponseEncoder.error(type, message),
        Map.of("Cache-Control", "no-store")));
  }

  /** Prometheus's {@code SetCORS} with the default origin pattern {@code .*}: only when the request has an Origin. */
  private static ApiResponse cors(ApiRequest r, ApiResponse resp) {
    if (r.header("Origin") == null || r.header("Origin").isEmpty()) {
      return resp;
    }
    return resp.withHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
        .withHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .withHeader("Access-Control-Expose-Headers", "Date")
        .withHeader("Access-Control-Allow-Origin", "*");
  }

  // ---- query and query_range ------------------------------------------------------------------------------

  private Outcome query(ApiRequest r) {
    int limit = limitParam(r);
    long time;
    try {
      time = Params.timeParam(r, "time", clock.millis());
    } catch (ApiException e) {
      throw ApiException.invalidParameter("time", e.getMessage());
    }
    Duration timeout = timeoutParam(r);
    Duration lookback = lookbackParam(r);
    long maxRes = maxSourceResolution(r, config.instantMaxSourceResolution().toMillis(),
        config.instantMaxSourceResolution().toMillis());
    ReadContext ctx = readContext(r, maxRes);
    engineParam(r);
    QueryOptions opts = new QueryOptions(lookback.isZero() ? config.lookbackFor(maxRes) : lookback, timeout);
    Query q;
    try {
      q = engine.instant(storage.queryable(ctx), r.value("query"), time, opts);
    } catch (RuntimeException e) {
      throw ApiException.invalidParameter("query", e.getMessage());
    }
    return execute(r, q, ctx, limit, timeout);
  }

  private Outcome queryRange(ApiRequest r) {
    int limit = limitParam(r);
    long start;
    long end;
    try {
      start = Params.time(r.value("start"));
    } catch (ApiException e) {
      throw ApiException.invalidParameter("start", e.getMessage());
    }
    try {
      end = Params.time(r.value("end"));
    } catch (ApiException e) {
      throw ApiException.invalidParameter("end", e.getMessage());
    }
    if (end < start) {
      throw ApiException.invalidParameter("end", "end timestamp must not be before start time");
    }
    Duration step;
    if (r.value("step").isEmpty() && config.defaultStep() != null) {
      // Thanos: a missing step is max(range/250, --query.default-step), in whole seconds.
      long rangeSeconds = (end - start) / 1000;
      step = Duration.ofSeconds(Math.max(rangeSeconds / 250, config.defaultStep().toSeconds()));
    } else {
      try {
        step = Params.duration(r.value("step"));
      } catch (ApiException e) {
        throw ApiException.invalidParameter("step", e.getMessage());
      }
    }
    if (step.isNegative() || step.isZero()) {
      throw ApiException.invalidParameter("step",
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    long rangeNanos = saturatingMultiply(end - start, 1_000_000L);
    if (rangeNanos / step.toNanos() > 11_000) {
      throw ApiException.badData("exceeded maximum resolution of 11,000 points per timeseries. "
          + "Try decreasing the query resolution (?step=XX)");
    }
    Duration timeout = timeoutParam(r);
    Duration lookback = lookbackParam(r);
    long stepMillis = step.toMillis();
    long autoRes = stepMillis / 5;
    long maxRes = maxSourceResolution(r, autoRes, 0);
    ReadContext ctx = readContext(r, maxRes);
    engineParam(r);
    QueryOptions opts = new QueryOptions(lookback.isZero() ? config.lookbackFor(maxRes) : lookback, timeout);
    Query q;
    try {
      q = engine.range(storage.queryable(ctx), r.value("query"), start, end, stepMillis, opts);
    } catch (RuntimeException e) {
      throw ApiException.invalidParameter("query", e.getMessage());
    }
    return execute(r, q, ctx, limit, timeout);
  }

  private static long saturatingMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
      return lo;
    }
    return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  /** Runs a prepared query in a gate slot under its deadline, and renders the result. */
  private Outcome execute(ApiRequest r, Query q, ReadContext ctx, int limit, Duration requestTimeout) {
    Duration timeout = requestTimeout != null && requestTimeout.compareTo(config.timeout()) < 0 ? requestTimeout
        : config.timeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    long queued = System.nanoTime();
    if (gate != null) {
      try {
        if (!gate.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          q.close();
          throw new ApiException(ApiErrorType.TIMEOUT, "query timed out in query queue");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        q.close();
        throw new ApiException(ApiErrorType.CANCELED, "query was canceled in query queue");
      }
    }
    long queueNanos = System.nanoTime() - queued;
    AtomicBoolean timedOut = new AtomicBoolean();
    Stopper stopper = new Stopper(Thread.currentThread());
    Runnable stop = () -> {
      q.cancel();
      ctx.cancel();
      stopper.interruptIfStillRunning();
    };
    ScheduledFuture<?> watchdog = WATCHDOGS.schedule(() -> {
      timedOut.set(true);
      stop.run();
    }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    long evalStart = System.nanoTime();
    Result res;
    try (AutoCloseable ignored = r.onCancel(stop)) {
      res = q.exec();
    } catch (Exception e) {
      // A deadline or a departed client stops the reads, which then fail in whatever way the storage fails:
      // report why they were stopped instead.
      if (timedOut.get()) {
        throw new ApiException(ApiErrorType.TIMEOUT, "query timed out in query execution");
      }
      if (r.isCanceled()) {
        throw new ApiException(ApiErrorType.CANCELED, "query was canceled in query execution");
      }
      if (e instanceof PromQLException p) {
        throw new ApiException(ApiErrorType.of(p.errorType()), p.getMessage(), p);
      }
      throw new ApiException(ApiErrorType.EXECUTION, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } finally {
      stopper.finished();
      watchdog.cancel(false);
      q.close();
      if (gate != null) {
        gate.release();
      }
    }
    if (timedOut.get()) {
      throw new ApiException(ApiErrorType.TIMEOUT, "query timed out in query execution");
    }
    long evalNanos = System.nanoTime() - evalStart;
    Value value = res.value();
    Annotations annotations = new Annotations().addAll(res.annotations());
    for (String w : ctx.warnings()) {
      annotations.add(Annotation.plainWarning(w));
    }
    if (limit > 0) {
      Value truncated = truncate(value, limit);
      if (truncated != value) {
        value = truncated;
        annotations.add(Annotation.plainWarning(TRUNCATED));
      }
    }
    String stats = r.value("stats");
    if (!stats.isEmpty() && !"true".equals(stats) && !"all".equals(stats)) {
      annotations.add(Annotation.plainWarning("value " + GoQuote.quote(stats) + " for parameter \"stats\" is "
          + "deprecated and will be rejected in the next major release, use \"true\" or \"all\""));
    }
    Annotations.Strings strings = annotations.asStrings(q.query(), 10, 10);
    Value result = value;
    long peak = res.peakSamples();
    return new Outcome(w -> {
      w.beginObject().name("resultType").value(result.type().apiName()).name("result");
      ResponseEncoder.value(w, result);
      if (!stats.isEmpty()) {
        writeStats(w, queueNanos, evalNanos, peak);
      }
      w.endObject();
    }, strings.warnings(), strings.infos());
  }

  private static ScheduledThreadPoolExecutor watchdogs() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = Executors.defaultThreadFactory().newThread(r);
      t.setName("query-watchdog");
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  /**
   * The last resort against storage that does not notice its reads being canceled: a second after the stop, a
   * query still running has its thread interrupted, which any blocking queue or lock gives up on. Only then,
   * because interrupts also close NIO channels a thread happens to be reading. The flag never outlives the query.
   */
  private static final class Stopper {
    private final Thread runner;
    private boolean running = true;

    Stopper(Thread runner) {
      this.runner = runner;
    }

    void interruptIfStillRunning() {
      WATCHDOGS.schedule(() -> {
        synchronized (this) {
          if (running) {
            log.warn("msg=\"query did not stop within a second of being canceled; interrupting it\" thread={}",
                runner.getName());
            runner.interrupt();
          }
        }
      }, 1, TimeUnit.SECONDS);
    }

    void finished() {
      synchronized (this) {
        running = false;
      }
      Thread.interrupted(); // clears an interrupt that arrived while finishing
    }
  }

  /**
   * Prometheus's {@code stats} member: timings in seconds and sample counts. Only the peak is measured by this
   * engine; {@code totalQueryableSamples} is reported as 0.
   */
  private static void writeStats(JsonWriter w, long queueNanos, long evalNanos, long peakSamples) {
    double eval = evalNanos / 1e9;
    w.name("stats").beginObject()
        .name("timings").beginObject()
        .name("evalTotalTime").goNumber(eval)
        .name("resultSortTime").goNumber(0)
        .name("queryPreparationTime").goNumber(0)
        .name("innerEvalTime").goNumber(eval)
        .name("execQueueTime").goNumber(queueNanos / 1e9)
        .name("execTotalTime").goNumber((queueNanos + evalNanos) / 1e9)
        .endObject()
        .name("samples").beginObject()
        .name("totalQueryableSamples").value(0)
        .name("peakSamples").value(peakSamples)
        .endObject()
        .endObject();
  }

  private static Value truncate(Value v, int limit) {
    if (v instanceof Vector vec && vec.size() > limit) {
      return new Vector(vec.samples().subList(0, limit));
    }
    if (v instanceof Matrix m && m.size() > limit) {
      return new Matrix(m.series().subList(0, limit));
    }
    return v;
  }

  private Outcome formatQuery(ApiRequest r) {
    String pretty;
    try {
      pretty = io.strata.promql.ast.Prettier.pretty(Parser.parse(r.value("query")));
    } catch (RuntimeException e) {
      throw ApiException.invalidParameter("query", e.getMessage());
    }
    return Outcome.of(w -> w.value(pretty), List.of());
  }

  // ---- parameters shared by the handlers ---------------------------------------------------------------

  static int limitParam(ApiRequest r) {
    try {
      return Params.limit(r.value("limit"));
    } catch (ApiException e) {
      throw ApiException.invalidParameter("limit", e.getMessage());
    }
  }

  private static Duration timeoutParam(ApiRequest r) {
    String to = r.value("timeout");
    if (to.isEmpty()) {
      return null;
    }
    try {
      return Params.duration(to);
    } catch (ApiException e) {
      throw ApiException.invalidParameter("timeout", e.getMessage());
    }
  }

  private static Duration lookbackParam(ApiRequest r) {
    String v = r.value("lookback_delta");
    if (v.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      return Params.duration(v);
    } catch (ApiException e) {
      throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
    }
  }

  /** Thanos's {@code engine}: only the PromQL engine exists here, whichever is asked for. */
  private static void engineParam(ApiRequest r) {
    String e = r.value("engine");
    if (!e.isEmpty() && !"prometheus".equals(e) && !"thanos".equals(e)) {
      throw ApiException.badData("'" + e + "' bad engine");
    }
  }

  /**
   * Thanos's {@code max_source_resolution}: a duration, {@code auto} (use {@code autoValue}), or absent
   * ({@code autoValue} with {@code --query.auto-downsampling}, else {@code absentValue}).
   */
  private long maxSourceResolution(ApiRequest r, long autoValue, long absentValue) {
    String v = r.value("max_source_resolution");
    long res = absentValue;
    if (config.autoDownsampling() || "auto".equals(v)) {
      res = autoValue;
    }
    if (!v.isEmpty() && !"auto".equals(v)) {
      try {
        res = Params.duration(v).toMillis();
      } catch (ApiException e) {
        throw ApiException.badData("'max_source_resolution' parameter: " + e.getMessage());
      }
    }
    if (res < 0) {
      throw ApiException.badData("negative 'max_source_resolution' is not accepted. Try a positive integer");
    }
    return res;
  }

  /** The Thanos read parameters: {@code dedup}, {@code replicaLabels[]}, {@code storeMatch[]}, {@code partial_response}. */
  ReadContext readContext(ApiRequest r, long maxSourceResolutionMillis) {
    boolean dedup = true;
    if (!r.value("dedup").isEmpty()) {
      try {
        dedup = Params.bool(r.value("dedup"));
      } catch (ApiException e) {
        throw ApiException.badData("'dedup' parameter: " + e.getMessage());
      }
    }
    List<String> replicaLabels = r.values("replicaLabels[]").isEmpty() ? config.replicaLabels()
        : r.values("replicaLabels[]");
    List<List<LabelMatcher>> storeMatchers = new ArrayList<>();
    for (String s : r.values("storeMatch[]")) {
      try {
        storeMatchers.add(Parser.parseSelector(s));
      } catch (RuntimeException e) {
        throw ApiException.badData(e.getMessage());
      }
    }
    boolean partial = config.partialResponse();
    if (!r.value("partial_response").isEmpty()) {
      try {
        partial = Params.bool(r.value("partial_response"));
      } catch (ApiException e) {
        throw ApiException.badData("'partial_response' parameter: " + e.getMessage());
      }
    }
    return new ReadContext(dedup, replicaLabels, partial, maxSourceResolutionMillis, storeMatchers);
  }
}
