package io.strata.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** GET and form POST against a Prometheus-compatible HTTP API, returning status and parsed JSON. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** A response: HTTP status, raw body and the body as JSON (null if it is not JSON). */
  public record Response(int status, String body, JsonNode json) {}

  public ApiClient(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  /** Parameters may repeat a name (e.g. {@code match[]}): pass them as alternating name, value. */
  public static String form(String... nameValues) {
    StringJoiner q = new StringJoiner("&");
    for (int i = 0; i < nameValues.length; i += 2) {
      q.add(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
    }
    return q.toString();
  }

  public Response get(String path, String... params) throws IOException, InterruptedException {
    String q = params.length == 0 ? "" : "?" + form(params);
    return send(HttpRequest.newBuilder(URI.create(base + path + q)).GET());
  }

  public Response post(String path, String... params) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(params))));
  }

  private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException e) {
      // Not JSON (e.g. a plain-text probe answer).
    }
    return new Response(r.statusCode(), r.body(), json);
  }

  public static Map<String, String> params(List<String> nameValues) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameValues.size(); i += 2) {
      m.put(nameValues.get(i), nameValues.get(i + 1));
    }
    return m;
  }
}
