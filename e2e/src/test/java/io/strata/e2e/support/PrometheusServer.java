package io.strata.e2e.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** A real Prometheus server (the Debian binary) on a free loopback port, over a given data directory. */
public final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts Prometheus with {@code dataDir} as its TSDB directory and waits until it is ready.
   *
   * @param config the prometheus.yml content
   * @param extraFlags additional flags
   */
  public static PrometheusServer start(Path binary, Path dataDir, String config, List<String> extraFlags)
      throws IOException, InterruptedException {
    int port = freePort();
    Path configFile = dataDir.resolveSibling(dataDir.getFileName() + "-prometheus.yml");
    Files.writeString(configFile, config);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-prometheus.log");
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "--config.file=" + configFile,
        "--storage.tsdb.path=" + dataDir,
        "--storage.tsdb.retention.time=100y",
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"));
    cmd.addAll(extraFlags);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer s = new PrometheusServer(p, port, log);
    s.awaitReady(Duration.ofSeconds(60));
    return s;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    close();
    throw new IOException("prometheus not ready after " + timeout + ": " + Files.readString(log));
  }

  /** GETs an API path with query parameters and returns the body; fails on a non-200 status. */
  public String get(String path, Map<String, String> params) throws IOException, InterruptedException {
    StringJoiner q = new StringJoiner("&");
    params.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path + "?" + q))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " " + params + " -> " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
