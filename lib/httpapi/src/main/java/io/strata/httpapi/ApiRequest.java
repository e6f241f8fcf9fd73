package io.strata.httpapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HTTP request to the API: the method, the parameters and the few headers the API reads.
 *
 * <p>Parameters are merged as Go's {@code Request.ParseForm} merges them: for a POST with an
 * {@code application/x-www-form-urlencoded} body, body values come first and URL query values after them,
 * so a single-valued lookup ({@link #value}, Go's {@code FormValue}) prefers the body, and repeated
 * parameters such as {@code match[]} collect both. Values are decoded like Go's {@code url.ParseQuery}
 * ({@code +} is a space); decode them with {@link #parseQuery} rather than with a framework that keeps
 * {@code +}, or Grafana's queries (spaces encoded as {@code +}) fail to parse.
 *
 * <p>{@link #cancel()} may be called from another thread (the client went away); a running handler stops
 * its query and answers {@code canceled}.
 */
public final class ApiRequest {
  private final String method;
  private final Map<String, List<String>> params;
  private final Map<String, String> headers;
  private final Set<Runnable> cancelListeners = ConcurrentHashMap.newKeySet();
  private volatile boolean canceled;

  /**
   * @param method HTTP method, upper case
   * @param params merged parameters in the order described above
   * @param headers header values by name (names are matched case-insensitively)
   */
  public ApiRequest(String method, Map<String, List<String>> params, Map<String, String> headers) {
    this.method = method.toUpperCase(Locale.ROOT);
    Map<String, List<String>> p = new LinkedHashMap<>();
    params.forEach((k, v) -> p.put(k, List.copyOf(v)));
    this.params = Collections.unmodifiableMap(p);
    Map<String, String> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
    this.headers = Collections.unmodifiableMap(h);
  }

  /** A GET with the given raw (still URL-encoded) query string. */
  public static ApiRequest get(String rawQuery) {
    return new ApiRequest("GET", parseQuery(rawQuery), Map.of());
  }

  /** A form POST: {@code rawBody} is the urlencoded body, {@code rawQuery} the URL's query string. */
  public static ApiRequest postForm(String rawQuery, String rawBody) {
    return new ApiRequest("POST", merge(parseQuery(rawBody), parseQuery(rawQuery)), Map.of());
  }

  /** Body parameters first, then URL parameters (Go's {@code ParseForm} order). */
  public static Map<String, List<String>> merge(Map<String, List<String>> body, Map<String, List<String>> url) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    body.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    url.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    return out;
  }

  /**
   * Decodes a query string or urlencoded form like Go's {@code url.ParseQuery}: pairs split on {@code &},
   * {@code +} is a space, {@code %XX} a byte (UTF-8). Pairs with a malformed escape are skipped, as
   * {@code FormValue} ignores them.
   */
  public static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      String key = unescape(k);
      String value = unescape(v);
      if (key == null || value == null) {
        continue;
      }
      out.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
    }
    return out;
  }

  /** Go's {@code url.QueryUnescape}; null if an escape is malformed. */
  static String unescape(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out[n++] = ' ';
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = hex(s.charAt(i + 1));
        int lo = hex(s.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        // Not valid in a query string, but browsers send it; keep the character as it is.
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        if (n + b.length > out.length) {
          out = java.util.Arrays.copyOf(out, out.length + b.length + 8);
        }
        System.arraycopy(b, 0, out, n, b.length);
        n += b.length;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  public String method() {
    return method;
  }

  /** The first value of {@code name}, or {@code ""} (Go's {@code FormValue}). */
  public String value(String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  /** All values of a repeated parameter, body values first; empty if absent. */
  public List<String> values(String name) {
    List<String> v = params.get(name);
    return v == null ? List.of() : v;
  }

  public Map<String, List<String>> params() {
    return params;
  }

  /** A header value, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Marks the request canceled and runs the registered listeners (once). */
  public void cancel() {
    if (canceled) {
      return;
    }
    canceled = true;
    for (Runnable r : cancelListeners) {
      r.run();
    }
  }

  public boolean isCanceled() {
    return canceled;
  }

  /** Runs {@code r} when the request is canceled (at once if it already is); the returned handle removes it. */
  public AutoCloseable onCancel(Runnable r) {
    cancelListeners.add(r);
    if (canceled) {
      r.run();
    }
    return () -> cancelListeners.remove(r);
  }
}
