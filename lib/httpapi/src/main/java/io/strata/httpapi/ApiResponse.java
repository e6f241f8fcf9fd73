package io.strata.httpapi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API answers: status code, content type, extra headers and the body bytes. A 204 has an empty body
 * and no content type.
 */
public record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  public ApiResponse {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public static ApiResponse json(int status, byte[] body, Map<String, String> headers) {
    return new ApiResponse(status, JSON, headers, body);
  }

  public static ApiResponse text(int status, String body) {
    return new ApiResponse(status, TEXT, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null, Map.of(), new byte[0]);
  }

  /** The body as UTF-8 text (for tests and logs). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A copy with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, contentType, h, body);
  }
}
