package io.strata.querier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BooleanSupplier;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A tiny HTTP client for a service started in the test, on 127.0.0.1. */
final class Http {
  private final HttpClient client = HttpClient.newHttpClient();
  private final int port;

  Http(ConfigurableApplicationContext ctx) {
    this.port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postForm(String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until {@code /-/ready} answers 200. */
  void awaitReady() throws Exception {
    await(() -> {
      try {
        return get("/-/ready").statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    }, "readiness");
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
