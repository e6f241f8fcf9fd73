package io.strata.store.prometheus;

import com.google.protobuf.UnsafeByteOperations;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.prometheus.Chunk;
import io.strata.proto.prometheus.ChunkedReadResponse;
import io.strata.proto.prometheus.ChunkedSeries;
import io.strata.proto.prometheus.Label;
import io.strata.proto.prometheus.Query;
import io.strata.proto.prometheus.QueryResult;
import io.strata.proto.prometheus.ReadRequest;
import io.strata.proto.prometheus.ReadResponse;
import io.strata.proto.prometheus.Sample;
import io.strata.proto.prometheus.TimeSeries;
import io.strata.store.TestSeries;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xerial.snappy.Snappy;

/**
 * A Prometheus HTTP server good enough for PrometheusStore unit tests: remote read (streamed or samples, with
 * Prometheus's external-label handling), series, label names and values. Series are {@link TestSeries} with
 * stored labels; chunks hold 120 samples.
 */
final class FakePrometheus implements AutoCloseable {
  private final HttpServer server;
  volatile List<TestSeries> data = List.of();
  volatile Labels external = Labels.EMPTY;
  /** Answer remote read with SAMPLES even if streaming is accepted (an old Prometheus). */
  volatile boolean samplesOnly;
  /** How many chunks go in one frame before a series continues in the next. */
  volatile int chunksPerFrame = Integer.MAX_VALUE;
  /** Flip a bit in the CRC of this frame (0-based), -1 for none. */
  volatile int corruptFrame = -1;
  /** Status code for /api/v1/read, with this body; 0 for normal answers. */
  volatile int readStatus;
  volatile String readBody = "";
  /** When set, streamed answers stop after the first frame until it is counted down. */
  volatile CountDownLatch stall;
  final List<ReadRequest> readRequests = new CopyOnWriteArrayList<>();
  final List<String> apiRequests = new CopyOnWriteArrayList<>();

  FakePrometheus() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/api/v1/read", this::read);
    server.createContext("/api/v1/series", ex -> json(ex, seriesJson(params(ex))));
    server.createContext("/api/v1/labels", ex -> json(ex, labelNamesJson(params(ex))));
    server.createContext("/api/v1/label/", ex -> {
      String path = ex.getRequestURI().getPath();
      String name = path.substring("/api/v1/label/".length(), path.length() - "/values".length());
      json(ex, labelValuesJson(name, params(ex)));
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    CountDownLatch s = stall;
    if (s != null) {
      s.countDown();
    }
    server.stop(0);
  }

  // ---- remote read ----

  private void read(HttpExchange ex) throws IOException {
    ReadRequest req = ReadRequest.parseFrom(Snappy.uncompress(ex.getRequestBody().readAllBytes()));
    readRequests.add(req);
    if (readStatus != 0) {
      byte[] b = readBody.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(readStatus, b.length);
      ex.getResponseBody().write(b);
      ex.close();
      return;
    }
    Query q = req.getQueries(0);
    List<LabelMatcher> matchers = new ArrayList<>();
    for (io.strata.proto.prometheus.LabelMatcher m : q.getMatchersList()) {
      matchers.add(LabelMatcher.of(LabelMatcher.Type.values()[m.getTypeValue()], m.getName(), m.getValue()));
    }
    List<TestSeries> selected = select(prometheusMatchers(matchers), q.getStartTimestampMs(), q.getEndTimestampMs());
    boolean streamed = !samplesOnly && !req.getAcceptedResponseTypesList().isEmpty()
        && req.getAcceptedResponseTypes(0) == ReadRequest.ResponseType.STREAMED_XOR_CHUNKS;
    if (streamed) {
      ex.getResponseHeaders().set("Content-Type", RemoteReadClient.STREAMED_CONTENT_TYPE);
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        int frame = 0;
        for (TestSeries s : selected) {
          List<Chunk> chunks = chunks(s, q.getStartTimestampMs(), q.getEndTimestampMs());
          for (int from = 0; from < chunks.size(); from += chunksPerFrame) {
            List<Chunk> part = chunks.subList(from, Math.min(chunks.size(), from + chunksPerFrame));
            byte[] f = Frames.frame(ChunkedReadResponse.newBuilder().addChunkedSeries(ChunkedSeries.newBuilder()
                .addAllLabels(proto(merged(s.labels()))).addAllChunks(part)).build());
            if (frame == corruptFrame) {
              f[f.length - 1] ^= 1;
            }
            out.write(f);
            out.flush();
            if (frame == 0 && stall != null) {
              try {
                stall.await();
              } catch (InterruptedException e) {
                return;
              }
            }
            frame++;
          }
        }
      }
      return;
    }
    // Prometheus does not sort sample answers; reversed order checks that the store does.
    QueryResult.Builder result = QueryResult.newBuilder();
    List<TestSeries> reversed = new ArrayList<>(selected);
    Collections.reverse(reversed);
    for (TestSeries s : reversed) {
      TimeSeries.Builder ts = TimeSeries.newBuilder().addAllLabels(proto(merged(s.labels())));
      for (int i = 0; i < s.timestamps().length; i++) {
        long t = s.timestamps()[i];
        if (t >= q.getStartTimestampMs() && t <= q.getEndTimestampMs()) {
          ts.addSamples(Sample.newBuilder().setTimestamp(t).setValue(s.values()[i]));
        }
      }
      result.addTimeseries(ts);
    }
    byte[] body = Snappy.compress(ReadResponse.newBuilder().addResults(result).build().toByteArray());
    ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    ex.getResponseHeaders().set("Content-Encoding", "snappy");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  /** Prometheus turns {@code ext="its value"} into {@code ext=""}: the label is not stored. */
  private List<LabelMatcher> prometheusMatchers(List<LabelMatcher> in) {
    List<LabelMatcher> out = new ArrayList<>();
    for (LabelMatcher m : in) {
      String v = external.get(m.name());
      out.add(m.type() == LabelMatcher.Type.EQ && v != null && v.equals(m.value()) ? LabelMatcher.equal(m.name(), "")
          : m);
    }
    return out;
  }

  /** External labels merged in, stored labels winning (Prometheus's MergeLabels). */
  private Labels merged(Labels stored) {
    Labels.Builder b = stored.toBuilder();
    external.forEach((n, v) -> {
      if (!stored.has(n)) {
        b.set(n, v);
      }
    });
    return b.build();
  }

  private static List<Label> proto(Labels l) {
    List<Label> out = new ArrayList<>();
    l.forEach((n, v) -> out.add(Label.newBuilder().setName(n).setValue(v).build()));
    return out;
  }

  /** Chunks of 120 samples overlapping [mint, maxt]. */
  static List<Chunk> chunks(TestSeries s, long mint, long maxt) {
    List<Chunk> out = new ArrayList<>();
    XorChunkEncoder enc = new XorChunkEncoder();
    for (int from = 0; from < s.timestamps().length; from += 120) {
      int to = Math.min(s.timestamps().length, from + 120);
      long min = s.timestamps()[from];
      long max = s.timestamps()[to - 1];
      if (max < mint || min > maxt) {
        continue;
      }
      enc.reset();
      for (int i = from; i < to; i++) {
        enc.append(s.timestamps()[i], s.values()[i]);
      }
      out.add(Chunk.newBuilder().setMinTimeMs(min).setMaxTimeMs(max).setType(Chunk.Encoding.XOR)
          .setData(UnsafeByteOperations.unsafeWrap(enc.bytes())).build());
    }
    return out;
  }

  /** Stored series matching everything with a sample in [mint, maxt], sorted by stored labels. */
  private List<TestSeries> select(List<LabelMatcher> matchers, long mint, long maxt) {
    List<TestSeries> out = new ArrayList<>();
    for (TestSeries s : data) {
      boolean ok = true;
      for (LabelMatcher m : matchers) {
        String v = s.labels().get(m.name());
        ok &= m.matches(v == null ? "" : v);
      }
      boolean inRange = false;
      for (long t : s.timestamps()) {
        inRange |= t >= mint && t <= maxt;
      }
      if (ok && inRange) {
        out.add(s);
      }
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return out;
  }

  // ---- HTTP API ----

  private Map<String, String> params(HttpExchange ex) throws IOException {
    String q = ex.getRequestURI().getRawQuery();
    String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String all = q == null ? form : form.isEmpty() ? q : q + "&" + form;
    apiRequests.add(ex.getRequestURI().getPath() + " " + URLDecoder.decode(all, StandardCharsets.UTF_8));
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : all.split("&")) {
      if (!kv.isEmpty()) {
        String[] p = kv.split("=", 2);
        out.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), URLDecoder.decode(p[1], StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)\"((?:[^\"\\\\]|\\\\.)*)\"");

  static List<LabelMatcher> parseSelector(String selector) {
    List<LabelMatcher> out = new ArrayList<>();
    if (selector == null) {
      return out;
    }
    Matcher m = MATCHER.matcher(selector);
    while (m.find()) {
      String v = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
      LabelMatcher.Type t = switch (m.group(2)) {
        case "=" -> LabelMatcher.Type.EQ;
        case "!=" -> LabelMatcher.Type.NEQ;
        case "=~" -> LabelMatcher.Type.RE;
        default -> LabelMatcher.Type.NRE;
      };
      out.add(LabelMatcher.of(t, m.group(1), v));
    }
    return out;
  }

  private List<TestSeries> apiSelect(Map<String, String> p) {
    long start = p.containsKey("start") ? (long) (Double.parseDouble(p.get("start")) * 1000) : Long.MIN_VALUE;
    long end = p.containsKey("end") ? (long) (Double.parseDouble(p.get("end")) * 1000) : Long.MAX_VALUE;
    return select(parseSelector(p.get("match[]")), start, end);
  }

  private String seriesJson(Map<String, String> p) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (TestSeries s : apiSelect(p)) {
      StringJoiner o = new StringJoiner(",", "{", "}");
      s.labels().forEach((n, v) -> o.add(quote(n) + ":" + quote(v)));
      j.add(o.toString());
    }
    return j.toString();
  }

  private String labelNamesJson(Map<String, String> p) {
    TreeSet<String> names = new TreeSet<>();
    apiSelect(p).forEach(s -> s.labels().forEach((n, v) -> names.add(n)));
    return strings(names);
  }

  private String labelValuesJson(String name, Map<String, String> p) {
    TreeSet<String> values = new TreeSet<>();
    apiSelect(p).forEach(s -> {
      if (s.labels().has(name)) {
        values.add(s.labels().get(name));
      }
    });
    return strings(values);
  }

  private static String strings(TreeSet<String> s) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    s.forEach(v -> j.add(quote(v)));
    return j.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void json(HttpExchange ex, String data) throws IOException {
    byte[] b = ("{\"status\":\"success\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }
}
