package io.strata.bench.sidecar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.block.shipper.Shipper;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.objstore.S3Bucket;
import io.strata.objstore.S3Config;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusMetadata;
import io.strata.proto.prometheus.ReadRequest;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.prometheus.ChunkedFrameReader;
import io.strata.store.prometheus.PrometheusStore;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * The sidecar benchmarks (see package comment). Subcommands, all flags {@code --name=value}:
 *
 * <pre>
 * gen-block   --dir --series --samples --interval-ms --start-ms --random=true|false
 * upload      --data=DIR (a TSDB directory holding the block) --s3-dir=DIR --part-size-mb=64
 * remote-read --url=PROMETHEUS --start-ms --end-ms --runs=3
 * </pre>
 */
public final class SidecarBench {
  private SidecarBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> f = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].replaceFirst("^--", "").split("=", 2);
      f.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    switch (args.length == 0 ? "" : args[0]) {
      case "gen-block" -> genBlock(f);
      case "upload" -> upload(f);
      case "remote-read" -> remoteRead(f);
      default -> {
        System.err.println("usage: SidecarBench gen-block|upload|remote-read [--flag=value ...]");
        System.exit(2);
      }
    }
  }

  private static void genBlock(Map<String, String> f) throws Exception {
    long t = System.nanoTime();
    BlockMeta m = SyntheticBlock.write(Path.of(f.get("dir")), Integer.parseInt(f.get("series")),
        Integer.parseInt(f.get("samples")), Long.parseLong(f.get("start-ms")), Long.parseLong(f.get("interval-ms")),
        Boolean.parseBoolean(f.getOrDefault("random", "false")));
    System.out.printf("block %s: %d series, %d samples, %d chunks, written in %.1f s%n", m.ulid(),
        m.stats().numSeries(), m.stats().numSamples(), m.stats().numChunks(), (System.nanoTime() - t) / 1e9);
  }

  /** Ships every block of {@code --data} once to an S3Proxy (filesystem back end) in this JVM. */
  private static void upload(Map<String, String> f) throws Exception {
    Path data = Path.of(f.get("data"));
    Path s3dir = Files.createDirectories(Path.of(f.get("s3-dir")));
    long partSize = Long.parseLong(f.getOrDefault("part-size-mb", "64")) << 20;
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", s3dir.toString());
    BlobStore store = BlobStores.create("filesystem", props);
    store.createContainer("bench");
    S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0")).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    long bytes = 0;
    try (Stream<Path> s = Files.walk(data)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        bytes += Files.size(p);
      }
    }
    S3Config config = S3Config.builder("bench").endpoint(URI.create("http://127.0.0.1:" + proxy.getPort()))
        .pathStyle(true).region("us-east-1").credentials("bench", "bench").partSize(partSize).build();
    try (S3Bucket bucket = new S3Bucket(config)) {
      Shipper shipper = new Shipper(data, bucket, () -> Labels.of("cluster", "bench", "replica", "0"),
          Shipper.Options.sidecar(false), Clock.systemUTC(), new SimpleMeterRegistry());
      long t = System.nanoTime();
      int n = shipper.sync().uploaded();
      double secs = (System.nanoTime() - t) / 1e9;
      System.out.printf("uploaded %d block(s), %.1f MB in %.1f s: %.1f MB/s (part size %d MiB)%n", n, bytes / 1e6,
          secs, bytes / 1e6 / secs, partSize >> 20);
    } finally {
      proxy.stop();
    }
  }

  private static void remoteRead(Map<String, String> f) throws Exception {
    URI url = URI.create(f.get("url"));
    long start = Long.parseLong(f.get("start-ms"));
    long end = Long.parseLong(f.get("end-ms"));
    int runs = Integer.parseInt(f.getOrDefault("runs", "3"));
    PrometheusClient client = new PrometheusClient(url, Duration.ofMinutes(5));
    PrometheusMetadata metadata = new PrometheusMetadata(client);
    metadata.awaitExternalLabels(Duration.ofSeconds(30), Duration.ofMillis(200));
    Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
    for (int r = 0; r < runs; r++) {
      measure(rates, "PrometheusStore, STREAMED_XOR_CHUNKS, chunks decoded", () -> viaStore(client, metadata,
          ReadRequest.ResponseType.STREAMED_XOR_CHUNKS, start, end, true));
      measure(rates, "PrometheusStore, STREAMED_XOR_CHUNKS, chunks passed on", () -> viaStore(client, metadata,
          ReadRequest.ResponseType.STREAMED_XOR_CHUNKS, start, end, false));
      measure(rates, "PrometheusStore, SAMPLES, chunks decoded", () -> viaStore(client, metadata,
          ReadRequest.ResponseType.SAMPLES, start, end, true));
      measure(rates, "Prometheus /api/v1/query bench[range] (JSON)", () -> viaQueryApi(url, start, end));
    }
    for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
      List<Double> v = new ArrayList<>(e.getValue());
      Collections.sort(v);
      System.out.printf("%-56s median %6.2f M samples/s  (runs: %s)%n", e.getKey(), v.get(v.size() / 2) / 1e6,
          v.stream().map(x -> String.format("%.2f", x / 1e6)).toList());
    }
  }

  private interface Counted {
    long samples() throws Exception;
  }

  private static void measure(Map<String, List<Double>> rates, String name, Counted run) throws Exception {
    long t = System.nanoTime();
    long n = run.samples();
    double secs = (System.nanoTime() - t) / 1e9;
    rates.computeIfAbsent(name, k -> new ArrayList<>()).add(n / secs);
    System.out.printf("  %-56s %,d samples in %.2f s%n", name, n, secs);
  }

  /** Samples of a StoreAPI Series call; decoding counts samples in range, otherwise the chunk headers say. */
  private static long viaStore(PrometheusClient client, PrometheusMetadata metadata, ReadRequest.ResponseType type,
      long start, long end, boolean decode) {
    PrometheusStore store = new PrometheusStore(client, metadata, List.of(type),
        ChunkedFrameReader.DEFAULT_MAX_FRAME_BYTES);
    SeriesRequest req = SeriesRequest.newBuilder().setMinTime(start).setMaxTime(end)
        .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("__name__", "bench")))).build();
    long n = 0;
    XorChunkIterator it = new XorChunkIterator();
    try (CloseableIterator<SeriesResponse> s = store.series(req)) {
      while (s.hasNext()) {
        for (AggrChunk c : s.next().getSeries().getChunksList()) {
          byte[] data = c.getRaw().getData().toByteArray();
          if (!decode) {
            n += ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
            continue;
          }
          it.reset(data, 0, data.length);
          while (it.next() == ValueType.FLOAT) {
            long t = it.atT();
            if (t >= start && t <= end) {
              n++;
            }
          }
        }
      }
    }
    return n;
  }

  /** Raw samples from Prometheus's query API ({@code bench[range]} at the end time), parsed as a stream. */
  private static long viaQueryApi(URI url, long start, long end) throws Exception {
    long rangeSeconds = (end - start) / 1000 + 1;
    String q = "query=" + URLEncoder.encode("bench[" + rangeSeconds + "s]", StandardCharsets.UTF_8) + "&time="
        + (end / 1000.0);
    HttpResponse<InputStream> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(url.resolve("/api/v1/query?" + q)).build(), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("query API returned " + r.statusCode() + ": "
          + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    long n = 0;
    try (JsonParser p = new JsonFactory().createParser(r.body())) {
      // Every sample is a two-element array [t, "v"] inside a "values" array; count them as they stream by.
      int depth = 0;
      int valuesDepth = -1;
      for (JsonToken tok = p.nextToken(); tok != null; tok = p.nextToken()) {
        if (tok == JsonToken.FIELD_NAME && "values".equals(p.currentName())) {
          valuesDepth = depth + 1;
        } else if (tok == JsonToken.START_ARRAY) {
          depth++;
          if (valuesDepth > 0 && depth == valuesDepth + 1) {
            n++;
          }
        } else if (tok == JsonToken.END_ARRAY) {
          if (depth == valuesDepth) {
            valuesDepth = -1;
          }
          depth--;
        } else if (tok == JsonToken.START_OBJECT) {
          depth++;
        } else if (tok == JsonToken.END_OBJECT) {
          depth--;
        }
      }
    }
    return n;
  }
}
