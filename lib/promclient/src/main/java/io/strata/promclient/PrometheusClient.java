package io.strata.promclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Prometheus HTTP API, as far as a sidecar uses it. Thread-safe; one instance per Prometheus.
 *
 * <p>Times are ms since the epoch; {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} (open ends) are left out of
 * requests, which Prometheus reads as "from the beginning"/"until the end". Series and label-name requests are
 * POSTed as forms so that long matcher lists do not hit URL length limits.
 */
public final class PrometheusClient implements PrometheusStatus {
  /** The gauge Thanos reads Prometheus's oldest sample from. */
  static final String LOWEST_TIMESTAMP_METRIC = "prometheus_tsdb_lowest_timestamp_seconds";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  // Prometheus rejects times outside years 0001..9999 in API parameters; those mean "open end" to us.
  private static final long MIN_API_TIME = -62135596800000L;
  private static final long MAX_API_TIME = 253402300799000L;

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param base the Prometheus URL, e.g. {@code http://localhost:9090} (a path prefix is kept)
   * @param timeout per request
   */
  public PrometheusClient(URI base, Duration timeout) {
    this(base, HttpClient.newBuilder()
        // Prometheus serves HTTP/1.1; asking for HTTP/2 would add an h2c upgrade attempt to every new connection.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .build(), timeout);
  }

  public PrometheusClient(URI base, HttpClient http, Duration timeout) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public String url() {
    return base.toString();
  }

  /** The shared HTTP client, for callers that stream other endpoints (remote read). */
  public HttpClient http() {
    return http;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The absolute URI of an API path such as {@code /api/v1/read}. */
  public URI resolve(String path) {
    return URI.create(base + path);
  }

  @Override
  public PrometheusFlags flags() throws IOException {
    JsonNode data = getJson("/api/v1/status/flags", Map.of());
    Map<String, String> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      values.put(e.getKey(), e.getValue().asText());
    }
    return new PrometheusFlags(values);
  }

  @Override
  public Labels externalLabels() throws IOException {
    JsonNode data = getJson("/api/v1/status/config", Map.of());
    String yaml = data.path("yaml").asText("");
    JsonNode config;
    try {
      config = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IOException("parsing the configuration of Prometheus at " + base + " from /api/v1/status/config: "
          + e.getMessage(), e);
    }
    JsonNode ext = config == null ? null : config.path("global").path("external_labels");
    if (ext == null || !ext.isObject()) {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = ext.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      b.set(e.getKey(), e.getValue().asText());
    }
    return b.build();
  }

  @Override
  public long lowestTimestamp() throws IOException {
    HttpRequest req = HttpRequest.newBuilder(resolve("/metrics")).timeout(timeout).GET().build();
    HttpResponse<InputStream> resp = send(req, "/metrics");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
      if (resp.statusCode() != 200) {
        throw new PrometheusApiException(resp.statusCode(), "GET " + base + "/metrics returned " + resp.statusCode());
      }
      String line;
      while ((line = r.readLine()) != null) {
        // The gauge has no labels: "prometheus_tsdb_lowest_timestamp_seconds 1.7e+09".
        if (line.startsWith(LOWEST_TIMESTAMP_METRIC + " ")) {
          return lowestTimestampMillis(line.substring(LOWEST_TIMESTAMP_METRIC.length() + 1).trim());
        }
      }
    }
    throw new IOException("metric " + LOWEST_TIMESTAMP_METRIC + " not found on " + base + "/metrics");
  }

  /**
   * Converts the gauge's text value to ms. A TSDB without any block reports MaxInt64 ms as seconds; Thanos then
   * claims the whole past (MinInt64), so that a querier never prunes a Prometheus that only has head data.
   */
  static long lowestTimestampMillis(String value) throws IOException {
    String v = value.split("\\s+")[0];
    double seconds;
    try {
      seconds = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IOException("bad value \"" + value + "\" of " + LOWEST_TIMESTAMP_METRIC, e);
    }
    double ms = seconds * 1000;
    if (Double.isNaN(ms) || ms >= (double) Long.MAX_VALUE || ms <= (double) Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return (long) ms;
  }

  /** Label sets of the series matching all {@code matchers} ({@code /api/v1/series}), without external labels. */
  public List<Labels> series(List<LabelMatcher> matchers, long start, long end) throws IOException {
    Map<String, String> form = timeRange(start, end);
    JsonNode data = postForm("/api/v1/series", selector(matchers), form);
    List<Labels> out = new ArrayList<>(data.size());
    for (JsonNode s : data) {
      Labels.Builder b = Labels.builder();
      for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        b.set(e.getKey(), e.getValue().asText());
      }
      out.add(b.build());
    }
    return out;
  }

  /** Label names of series matching {@code matchers} (all series when empty), sorted by Prometheus. */
  public List<String> labelNames(List<LabelMatcher> matchers, long start, long end) throws IOException {
    JsonNode data = postForm("/api/v1/labels", matchers.isEmpty() ? null : selector(matchers), timeRange(start, end));
    return strings(data);
  }

  /** Values of label {@code name} in series matching {@code matchers} (all series when empty). */
  public List<String> labelValues(String name, List<LabelMatcher> matchers, long start, long end) throws IOException {
    Map<String, String> params = new LinkedHashMap<>(timeRange(start, end));
    if (!matchers.isEmpty()) {
      params.put("match[]", selector(matchers));
    }
    JsonNode data = getJson("/api/v1/label/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/values", params);
    return strings(data);
  }

  /** The PromQL selector {@code {a="1",b=~"x.*"}} for a list of matchers. */
  public static String selector(List<LabelMatcher> matchers) {
    StringJoiner j = new StringJoiner(",", "{", "}");
    for (LabelMatcher m : matchers) {
      j.add(m.toString());
    }
    return j.toString();
  }

  /** An API time parameter: seconds with ms precision, as Prometheus parses them. */
  static String formatTime(long ms) {
    return BigDecimal.valueOf(ms, 3).toPlainString();
  }

  private static Map<String, String> timeRange(long start, long end) {
    Map<String, String> p = new LinkedHashMap<>();
    if (start > MIN_API_TIME) {
      p.put("start", formatTime(Math.min(start, MAX_API_TIME)));
    }
    if (end < MAX_API_TIME) {
      p.put("end", formatTime(Math.max(end, MIN_API_TIME)));
    }
    return p;
  }

  private static List<String> strings(JsonNode data) {
    List<String> out = new ArrayList<>(data.size());
    for (JsonNode n : data) {
      out.add(n.asText());
    }
    return out;
  }

  private JsonNode getJson(String path, Map<String, String> params) throws IOException {
    String query = encode(params);
    URI uri = resolve(path + (query.isEmpty() ? "" : "?" + query));
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
    return data("GET", path, send(req, path));
  }

  private JsonNode postForm(String path, String match, Map<String, String> params) throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    if (match != null) {
      all.put("match[]", match);
    }
    all.putAll(params);
    HttpRequest req = HttpRequest.newBuilder(resolve(path)).timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(encode(all))).build();
    return data("POST", path, send(req, path));
  }

  private HttpResponse<InputStream> send(HttpRequest req, String path) throws IOException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted calling " + base + path);
    } catch (IOException e) {
      throw new IOException("calling Prometheus at " + base + path + ": " + e, e);
    }
  }

  /** The {@code data} field of an API response, or the API's error as an exception. */
  private JsonNode data(String method, String path, HttpResponse<InputStream> resp) throws IOException {
    JsonNode body;
    try (InputStream in = resp.body()) {
      byte[] bytes = in.readAllBytes();
      try {
        body = JSON.readTree(bytes);
      } catch (IOException e) {
        String text = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.UTF_8).trim();
        throw new PrometheusApiException(resp.statusCode(), method + " " + base + path + " returned "
            + resp.statusCode() + " with a body that is not API JSON: " + text);
      }
    }
    if (resp.statusCode() != 200 || body == null || !"success".equals(body.path("status").asText())) {
      String err = body == null ? "" : body.path("errorType").asText("") + ": " + body.path("error").asText("");
      throw new PrometheusApiException(resp.statusCode(), method + " " + base + path + " returned "
          + resp.statusCode() + " " + err);
    }
    return body.path("data");
  }

  private static String encode(Map<String, String> params) {
    StringJoiner q = new StringJoiner("&");
    params.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return q.toString();
  }
}
