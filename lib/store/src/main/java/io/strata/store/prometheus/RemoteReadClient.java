package io.strata.store.prometheus;

import io.strata.model.LabelMatcher;
import io.strata.promclient.PrometheusClient;
import io.strata.proto.prometheus.Query;
import io.strata.proto.prometheus.ReadRequest;
import io.strata.proto.prometheus.ReadResponse;
import io.strata.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Sends one remote-read query to Prometheus ({@code POST /api/v1/read}) and opens the answer, whichever of the
 * two response types Prometheus chose (remote-protocols.md §4).
 */
public final class RemoteReadClient {
  static final String STREAMED_CONTENT_TYPE = "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse";
  static final String SAMPLES_CONTENT_TYPE = "application/x-protobuf";
  private static final String USER_AGENT = "strata-sidecar";

  private final PrometheusClient prometheus;
  private final List<ReadRequest.ResponseType> accepted;
  private final long maxFrameBytes;

  /** The opened answer: exactly one of {@code frames} and {@code samples} is set. */
  public record Response(ChunkedFrameReader frames, ReadResponse samples, InputStream body) implements AutoCloseable {
    public boolean streamed() {
      return frames != null;
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        // Closing abandons the connection; nothing to report.
      }
    }
  }

  /**
   * @param accepted response types in order of preference; Thanos sends {@code [STREAMED_XOR_CHUNKS, SAMPLES]}
   * @param maxFrameBytes largest streamed frame accepted
   */
  public RemoteReadClient(PrometheusClient prometheus, List<ReadRequest.ResponseType> accepted, long maxFrameBytes) {
    this.prometheus = prometheus;
    this.accepted = List.copyOf(accepted);
    this.maxFrameBytes = maxFrameBytes;
  }

  public String url() {
    return prometheus.url();
  }

  /**
   * Queries {@code [mint, maxt]} (both inclusive) for series matching every matcher.
   *
   * @throws StoreException UNAVAILABLE when Prometheus cannot be reached or fails (5xx), INVALID_ARGUMENT when it
   *     rejects the query (4xx), RESOURCE_EXHAUSTED when it refuses for its sample limit
   */
  public Response read(List<LabelMatcher> matchers, long mint, long maxt) {
    Query.Builder q = Query.newBuilder().setStartTimestampMs(mint).setEndTimestampMs(maxt);
    for (LabelMatcher m : matchers) {
      q.addMatchers(io.strata.proto.prometheus.LabelMatcher.newBuilder()
          .setType(switch (m.type()) {
            case EQ -> io.strata.proto.prometheus.LabelMatcher.Type.EQ;
            case NEQ -> io.strata.proto.prometheus.LabelMatcher.Type.NEQ;
            case RE -> io.strata.proto.prometheus.LabelMatcher.Type.RE;
            case NRE -> io.strata.proto.prometheus.LabelMatcher.Type.NRE;
          })
          .setName(m.name()).setValue(m.value()));
    }
    byte[] body;
    try {
      body = Snappy.compress(ReadRequest.newBuilder().addQueries(q).addAllAcceptedResponseTypes(accepted).build()
          .toByteArray());
    } catch (IOException e) {
      throw new StoreException(StoreException.Code.INTERNAL, "compressing a remote-read request: " + e.getMessage(), e);
    }
    HttpRequest req = HttpRequest.newBuilder(prometheus.resolve("/api/v1/read"))
        .timeout(prometheus.timeout())
        .header("Content-Encoding", "snappy")
        .header("Accept-Encoding", "snappy")
        .header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Read-Version", "0.1.0")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    String what = "remote read from " + prometheus.url() + " for " + PrometheusClient.selector(matchers) + " ["
        + mint + ", " + maxt + "]";
    HttpResponse<InputStream> resp;
    try {
      resp = prometheus.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Code.CANCELLED, what + ": interrupted", e);
    } catch (IOException e) {
      throw new StoreException(StoreException.Code.UNAVAILABLE, what + ": " + e, e);
    }
    InputStream in = resp.body();
    try {
      if (resp.statusCode() / 100 != 2) {
        String text = new String(in.readNBytes(1024), StandardCharsets.UTF_8).trim();
        in.close();
        throw new StoreException(code(resp.statusCode(), text), what + ": Prometheus answered " + resp.statusCode()
            + ": " + text);
      }
      String type = resp.headers().firstValue("Content-Type").orElse("");
      if (type.startsWith(STREAMED_CONTENT_TYPE)) {
        return new Response(new ChunkedFrameReader(in, maxFrameBytes), null, in);
      }
      if (type.startsWith(SAMPLES_CONTENT_TYPE)) {
        // One snappy block holding the whole answer: Prometheus buffers it too, and limits its size for that.
        byte[] compressed = in.readAllBytes();
        in.close();
        return new Response(null, ReadResponse.parseFrom(Snappy.uncompress(compressed)), in);
      }
      in.close();
      throw new StoreException(StoreException.Code.INTERNAL, what + ": unsupported response content type \"" + type
          + "\"");
    } catch (InterruptedIOException e) {
      closeQuietly(in);
      throw new StoreException(StoreException.Code.CANCELLED, what + ": interrupted", e);
    } catch (IOException e) {
      closeQuietly(in);
      throw new StoreException(StoreException.Code.UNAVAILABLE, what + ": reading the response: " + e.getMessage(), e);
    }
  }

  private static StoreException.Code code(int status, String text) {
    if (text.contains("exceeded sample limit") || status == 413 || status == 429) {
      return StoreException.Code.RESOURCE_EXHAUSTED;
    }
    return status / 100 == 4 ? StoreException.Code.INVALID_ARGUMENT : StoreException.Code.UNAVAILABLE;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // already failing
    }
  }
}
