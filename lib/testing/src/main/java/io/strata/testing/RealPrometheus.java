package io.strata.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the Debian binary) on a free loopback port over a given data directory, for tests that must talk
 * to the real thing. Without the binary the test is skipped, or fails in CI (see {@link Peers}).
 */
public final class RealPrometheus implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private RealPrometheus(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts Prometheus over {@code dataDir} with {@code config} as prometheus.yml and waits until it is ready. */
  public static RealPrometheus start(Path dataDir, String config, List<String> extraFlags) throws IOException,
      InterruptedException {
    Path binary = Peers.require("prometheus");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dataDir);
    Path configFile = dataDir.resolveSibling(dataDir.getFileName() + "-prometheus.yml");
    Files.writeString(configFile, config);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-prometheus.log");
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--config.file=" + configFile,
        "--storage.tsdb.path=" + dataDir, "--storage.tsdb.retention.time=100y",
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
    cmd.addAll(extraFlags);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RealPrometheus r = new RealPrometheus(p, port, log);
    r.awaitReady(Duration.ofSeconds(60));
    return r;
  }

  /** A prometheus.yml with these external labels (YAML lines such as {@code region: eu-west}) and no scrapes. */
  public static String config(String... externalLabels) {
    StringBuilder b = new StringBuilder("global:\n  scrape_interval: 15s\n");
    if (externalLabels.length > 0) {
      b.append("  external_labels:\n");
      for (String l : externalLabels) {
        b.append("    ").append(l).append('\n');
      }
    }
    return b.toString();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        if (http.send(HttpRequest.newBuilder(uri().resolve("/-/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IOException("prometheus not ready after " + timeout + ": " + Files.readString(log));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
