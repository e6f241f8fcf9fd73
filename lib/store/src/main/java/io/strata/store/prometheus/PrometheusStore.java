package io.strata.store.prometheus;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.promclient.PrometheusApiException;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusMetadata;
import io.strata.proto.prometheus.ReadRequest;
import io.strata.proto.prometheus.TimeSeries;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ExternalLabels;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The StoreAPI over a Prometheus server (Thanos's {@code PrometheusStore}, thanos-components.md §1.8).
 *
 * <ul>
 *   <li><b>External labels</b> (from {@link PrometheusMetadata}, refreshed as Prometheus reloads): set over every
 *       served series (the external value wins a clash, as in Thanos); a matcher on an external label is decided
 *       against its value — a mismatch means an empty answer, a match drops the matcher — and at least one
 *       matcher on other labels must remain (INVALID_ARGUMENT otherwise, like Thanos: a sidecar does not serve
 *       "everything").
 *   <li><b>Series</b>: the request's start is raised to the oldest data Prometheus has; {@code skip_chunks}
 *       asks {@code /api/v1/series}, anything else remote read (see {@link RemoteReadClient}), streamed series by
 *       series in served-label order ({@link SeriesReorder}).
 *   <li><b>Info</b>: the external labels as the one label set, min time from
 *       {@code prometheus_tsdb_lowest_timestamp_seconds}, max time open-ended; UNAVAILABLE until the metadata is
 *       ready (Prometheus answered and has external labels).
 *   <li><b>Labels</b>: Prometheus's label APIs with the remaining matchers, external labels added.
 * </ul>
 * Thread-safe; every call is independent.
 */
public final class PrometheusStore implements StoreApi {
  /** What Thanos asks for: streamed chunks, else samples from a Prometheus older than 2.13. */
  public static final List<ReadRequest.ResponseType> DEFAULT_RESPONSE_TYPES =
      List.of(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS, ReadRequest.ResponseType.SAMPLES);

  private final PrometheusClient prometheus;
  private final PrometheusMetadata metadata;
  private final RemoteReadClient remoteRead;

  /**
   * @param acceptedResponseTypes remote-read response types in order of preference ({@link
   *     #DEFAULT_RESPONSE_TYPES}); tests and benchmarks pin one
   */
  public PrometheusStore(PrometheusClient prometheus, PrometheusMetadata metadata,
      List<ReadRequest.ResponseType> acceptedResponseTypes, long maxFrameBytes) {
    this.prometheus = prometheus;
    this.metadata = metadata;
    this.remoteRead = new RemoteReadClient(prometheus, acceptedResponseTypes, maxFrameBytes);
  }

  public PrometheusStore(PrometheusClient prometheus, PrometheusMetadata metadata) {
    this(prometheus, metadata, DEFAULT_RESPONSE_TYPES, ChunkedFrameReader.DEFAULT_MAX_FRAME_BYTES);
  }

  @Override
  public StoreInfo info() {
    if (!metadata.ready()) {
      throw new StoreException(StoreException.Code.UNAVAILABLE, "sidecar for Prometheus at " + prometheus.url()
          + " is not ready: Prometheus has not answered its last status check or has no external labels");
    }
    Labels ext = metadata.externalLabels();
    return new StoreInfo(ext.isEmpty() ? List.of() : List.of(ext), metadata.minTime(), metadata.maxTime(), true,
        "sidecar");
  }

  @Override
  public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
    Labels ext = metadata.externalLabels();
    List<LabelMatcher> matchers = remaining(request.getMatchersList(), ext);
    if (matchers == null) {
      return CloseableIterator.empty();
    }
    if (matchers.isEmpty()) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT,
          "no matchers specified (excluding external labels)");
    }
    long mint = Math.max(request.getMinTime(), metadata.minTime());
    long maxt = request.getMaxTime();
    if (mint > maxt) {
      return CloseableIterator.empty();
    }
    Set<String> without = new HashSet<>(request.getWithoutReplicaLabelsList());
    boolean skipChunks = request.getSkipChunks();
    // Prometheus's series API refuses selectors whose every matcher matches the empty string (remote read
    // takes them); those few requests read series and drop the chunks.
    if (skipChunks && !allMatchEmpty(matchers)) {
      return labelsOnly(matchers, mint, maxt, ext, without, request.getLimit());
    }
    boolean collides = storedLabelsCollide(matchers, mint, maxt, ext, without);
    RemoteReadClient.Response resp = remoteRead.read(matchers, mint, maxt);
    SeriesSource source;
    try {
      if (resp.streamed()) {
        source = new StreamedSeriesSource(resp.frames(), resp, ext, without, prometheus.url());
        source = collides ? SeriesReorder.sortAll(source) : SeriesReorder.holdBack(source, ext.without(without));
      } else {
        source = SeriesReorder.sortAll(samplesSource(resp, ext, without));
      }
    } catch (IOException | RuntimeException e) {
      resp.close();
      throw failure(e);
    }
    return new SeriesIterator(source, request.getLimit(), skipChunks, this::failure);
  }

  /**
   * Whether a stored series in the range may carry a label name that serving replaces (an external one) or
   * removes (a replica label): then served order is not a constant insertion away from Prometheus's order. The
   * cheap check asks for all label names; only when it finds one are the request's matchers applied.
   */
  private boolean storedLabelsCollide(List<LabelMatcher> matchers, long mint, long maxt, Labels ext,
      Set<String> without) {
    if (ext.isEmpty() && without.isEmpty()) {
      return false;
    }
    try {
      if (!collides(prometheus.labelNames(List.of(), mint, maxt), ext, without)) {
        return false;
      }
      return collides(prometheus.labelNames(matchers, mint, maxt), ext, without);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private static boolean allMatchEmpty(List<LabelMatcher> matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matchesEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static boolean collides(List<String> names, Labels ext, Set<String> without) {
    for (String n : names) {
      if (ext.has(n) || without.contains(n)) {
        return true;
      }
    }
    return false;
  }

  private SeriesSource samplesSource(RemoteReadClient.Response resp, Labels ext, Set<String> without) {
    if (resp.samples().getResultsCount() != 1) {
      throw new StoreException(StoreException.Code.INTERNAL, "remote read from " + prometheus.url() + " returned "
          + resp.samples().getResultsCount() + " results for 1 query");
    }
    Set<String> extNames = ext.toMap().keySet();
    XorChunkEncoder enc = new XorChunkEncoder();
    List<RemoteSeries> out = new ArrayList<>();
    for (TimeSeries ts : resp.samples().getResults(0).getTimeseriesList()) {
      // Prometheus can send series without samples (Thanos issue #381); they are not sent on.
      if (ts.getSamplesCount() == 0) {
        continue;
      }
      Labels received = StreamedSeriesSource.labels(ts.getLabelsList());
      out.add(new RemoteSeries(received.without(extNames), ExternalLabels.attach(received, ext, without),
          SampleChunks.chunks(ts, enc)));
    }
    return SeriesReorder.fromList(out);
  }

  private CloseableIterator<SeriesResponse> labelsOnly(List<LabelMatcher> matchers, long mint, long maxt, Labels ext,
      Set<String> without, long limit) {
    List<Labels> stored;
    try {
      stored = prometheus.series(matchers, mint, maxt);
    } catch (IOException e) {
      throw failure(e);
    }
    TreeSet<Labels> served = new TreeSet<>();
    for (Labels l : stored) {
      served.add(ExternalLabels.attach(l, ext, without));
    }
    List<SeriesResponse> out = new ArrayList<>(served.size());
    for (Labels l : served) {
      if (limit > 0 && out.size() >= limit) {
        break;
      }
      out.add(SeriesResponse.newBuilder()
          .setSeries(io.strata.proto.thanos.Series.newBuilder().addAllLabels(ProtoConversions.toProto(l))).build());
    }
    return CloseableIterator.of(out);
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    Labels ext = metadata.externalLabels();
    List<LabelMatcher> matchers = remaining(request.getMatchersList(), ext);
    if (matchers == null) {
      return LabelNamesResponse.getDefaultInstance();
    }
    List<String> names;
    try {
      names = prometheus.labelNames(matchers, request.getStart(), request.getEnd());
    } catch (IOException e) {
      throw failure(e);
    }
    if (names.isEmpty()) {
      return LabelNamesResponse.getDefaultInstance();
    }
    Set<String> without = new HashSet<>(request.getWithoutReplicaLabelsList());
    TreeSet<String> all = new TreeSet<>(Utf8Order.COMPARATOR);
    all.addAll(names);
    ext.forEach((n, v) -> all.add(n));
    // Replica labels are not served, whether Prometheus stores them or they are external.
    all.removeAll(without);
    return LabelNamesResponse.newBuilder().addAllNames(limit(all, request.getLimit())).build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    String name = request.getLabel();
    if (name.isEmpty()) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "label name parameter cannot be empty");
    }
    if (request.getWithoutReplicaLabelsList().contains(name)) {
      return LabelValuesResponse.getDefaultInstance();
    }
    Labels ext = metadata.externalLabels();
    List<LabelMatcher> matchers = remaining(request.getMatchersList(), ext);
    if (matchers == null) {
      return LabelValuesResponse.getDefaultInstance();
    }
    try {
      String extValue = ext.get(name);
      if (extValue != null && !extValue.isEmpty()) {
        // Every served series carries the external value; the question is only whether any series matches.
        if (matchers.isEmpty() || !prometheus.series(matchers, request.getStart(), request.getEnd()).isEmpty()) {
          return LabelValuesResponse.newBuilder().addValues(extValue).build();
        }
        return LabelValuesResponse.getDefaultInstance();
      }
      TreeSet<String> values = new TreeSet<>(Utf8Order.COMPARATOR);
      values.addAll(prometheus.labelValues(name, matchers, request.getStart(), request.getEnd()));
      return LabelValuesResponse.newBuilder().addAllValues(limit(values, request.getLimit())).build();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private static List<String> limit(TreeSet<String> values, long limit) {
    List<String> out = new ArrayList<>(values);
    return limit > 0 && out.size() > limit ? out.subList(0, (int) limit) : out;
  }

  /** The matchers left after deciding those on external labels; null when one rejects its external value. */
  private static List<LabelMatcher> remaining(List<io.strata.proto.thanos.LabelMatcher> pb, Labels ext) {
    return ExternalLabels.remaining(ProtoConversions.matchers(pb), ext);
  }

  /** A failure talking to Prometheus, as the StoreException a caller (or a remote querier) sees. */
  private StoreException failure(Throwable e) {
    if (e instanceof StoreException se) {
      return se;
    }
    if (e instanceof CorruptFrameException cfe) {
      return new StoreException(StoreException.Code.INTERNAL, "reading the remote-read response of Prometheus at "
          + prometheus.url() + ": " + cfe.getMessage(), cfe);
    }
    if (e instanceof PrometheusApiException api && api.statusCode() / 100 == 4) {
      return new StoreException(StoreException.Code.INVALID_ARGUMENT, api.getMessage(), api);
    }
    if (e instanceof java.io.InterruptedIOException) {
      return new StoreException(StoreException.Code.CANCELLED, "interrupted talking to Prometheus at "
          + prometheus.url(), e);
    }
    return new StoreException(StoreException.Code.UNAVAILABLE, "talking to Prometheus at " + prometheus.url() + ": "
        + e.getMessage(), e);
  }
}
