package io.strata.objstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries and timeouts against a scripted HTTP server that misbehaves on purpose. */
class S3BucketRetryTest {
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int failuresBeforeSuccess;
  private volatile int status = 503;
  private volatile String errorCode = "SlowDown";
  private volatile boolean hang;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    int n = requests.incrementAndGet();
    if (hang) {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (n <= failuresBeforeSuccess) {
      byte[] body = ("<Error><Code>" + errorCode + "</Code><Message>scripted</Message></Error>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
      if (!exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseBody().write(body);
      }
    } else {
      exchange.getResponseHeaders().add("Content-Length", "5");
      exchange.getResponseHeaders().add("Last-Modified", "Tue, 01 Sep 2026 10:00:00 GMT");
      exchange.getResponseHeaders().add("ETag", "\"abc\"");
      exchange.sendResponseHeaders(200, -1);
    }
    exchange.close();
  }

  private S3Bucket bucket(int maxRetries) {
    return new S3Bucket(S3Config.builder("b")
        .endpoint("http://127.0.0.1:" + server.getAddress().getPort())
        .pathStyle(true)
        .credentials("a", "s")
        .maxRetries(maxRetries)
        .readTimeout(Duration.ofSeconds(1))
        .build());
  }

  @Test
  void serverErrorsAndThrottlingAreRetried() throws IOException {
    failuresBeforeSuccess = 3;
    try (S3Bucket b = bucket(3)) {
      assertThat(b.attributes("obj").size()).isEqualTo(5);
    }
    assertThat(requests.get()).isEqualTo(4);

    requests.set(0);
    status = 500;
    errorCode = "InternalError";
    try (S3Bucket b = bucket(3)) {
      assertThat(b.exists("obj")).isTrue();
    }
    assertThat(requests.get()).isEqualTo(4);
  }

  @Test
  void givesUpAfterMaxRetriesWithTheStatusInTheMessage() {
    failuresBeforeSuccess = Integer.MAX_VALUE;
    status = 500;
    errorCode = "InternalError";
    try (S3Bucket b = bucket(2)) {
      assertThatThrownBy(() -> b.delete("obj"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("deleting obj in S3 bucket b")
          .hasMessageContaining("HTTP 500 InternalError");
    }
    assertThat(requests.get()).isEqualTo(3);
  }

  @Test
  void clientErrorsAreNotRetried() {
    failuresBeforeSuccess = Integer.MAX_VALUE;
    status = 403;
    errorCode = "AccessDenied";
    try (S3Bucket b = bucket(5)) {
      assertThatThrownBy(() -> b.delete("obj")).isInstanceOf(IOException.class).hasMessageContaining("HTTP 403 AccessDenied");
    }
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void aServerThatNeverAnswersTimesOut() {
    hang = true;
    try (S3Bucket b = bucket(1)) {
      assertTimeoutPreemptively(Duration.ofSeconds(8), () ->
          assertThatThrownBy(() -> b.exists("obj")).isInstanceOf(IOException.class)
              .hasMessageContaining("obj").hasMessageContaining("timed out"));
    }
    assertThat(requests.get()).isEqualTo(2);
  }
}
