package io.strata.store.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusFlags;
import io.strata.promclient.PrometheusMetadata;
import io.strata.promclient.PrometheusStatus;
import io.strata.proto.prometheus.ReadRequest;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Chunk;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.store.StoreTestSupport;
import io.strata.store.StoreTestSupport.Point;
import io.strata.store.TestSeries;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PrometheusStore against {@link FakePrometheus}: protocol handling, external labels, ordering, failures. */
class PrometheusStoreTest {
  static final long T0 = 1_700_000_000_000L;
  static final Labels EXT = Labels.of("cluster", "eu1", "replica", "0");

  FakePrometheus prom;
  PrometheusClient client;
  final AtomicReference<Labels> extLabels = new AtomicReference<>(EXT);
  volatile long lowest = T0;
  PrometheusMetadata metadata;

  @BeforeEach
  void start() throws IOException {
    prom = new FakePrometheus();
    prom.external = EXT;
    prom.data = List.of(
        TestSeries.of(Labels.of("__name__", "up", "job", "api", "instance", "a"), T0, 15_000, 500, t -> t % 7),
        TestSeries.of(Labels.of("__name__", "up", "job", "api", "instance", "b"), T0, 15_000, 500, t -> 1),
        TestSeries.of(Labels.of("__name__", "up", "job", "db"), T0, 15_000, 10, t -> 2),
        TestSeries.of(Labels.of("__name__", "up"), T0, 15_000, 10, t -> 3));
    client = new PrometheusClient(prom.uri(), Duration.ofSeconds(10));
    metadata = new PrometheusMetadata(new PrometheusStatus() {
      @Override
      public String url() {
        return prom.uri().toString();
      }

      @Override
      public PrometheusFlags flags() {
        return new PrometheusFlags(Map.of());
      }

      @Override
      public Labels externalLabels() {
        return extLabels.get();
      }

      @Override
      public long lowestTimestamp() {
        return lowest;
      }
    });
    metadata.refresh();
  }

  @AfterEach
  void stop() {
    prom.close();
  }

  PrometheusStore store(List<ReadRequest.ResponseType> types) {
    return new PrometheusStore(client, metadata, types, 1 << 20);
  }

  PrometheusStore store() {
    return new PrometheusStore(client, metadata);
  }

  static SeriesRequest request(long mint, long maxt, LabelMatcher... m) {
    return SeriesRequest.newBuilder().setMinTime(mint).setMaxTime(maxt)
        .addAllMatchers(ProtoConversions.toProto(List.of(m))).build();
  }

  static Labels served(String... pairs) {
    Labels.Builder b = Labels.of(pairs).toBuilder();
    EXT.forEach(b::set);
    return b.build();
  }

  @Test
  void streamsSeriesWithExternalLabelsInServedOrder() {
    StoreTestSupport.SeriesResult r = StoreTestSupport.drain(store(),
        request(T0, T0 + 10_000_000, LabelMatcher.equal("__name__", "up")));
    // {__name__="up"} sorts first stored, but after its extensions once cluster/replica are added.
    assertThat(r.labels()).containsExactly(
        served("__name__", "up", "instance", "a", "job", "api"),
        served("__name__", "up", "instance", "b", "job", "api"),
        served("__name__", "up", "job", "db"),
        served("__name__", "up"));
    Series a = r.series().get(0);
    assertThat(a.getChunksList()).hasSize(5).allSatisfy(c -> assertThat(c.getRaw().getType())
        .isEqualTo(Chunk.Encoding.XOR));
    assertThat(StoreTestSupport.samples(a, T0, T0 + 10_000_000))
        .isEqualTo(StoreTestSupport.samples(prom.data.get(0), T0, T0 + 10_000_000));
    ReadRequest sent = prom.readRequests.get(0);
    assertThat(sent.getAcceptedResponseTypesList()).containsExactly(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS,
        ReadRequest.ResponseType.SAMPLES);
  }

  @Test
  void seriesSplitOverFramesArriveWhole() {
    prom.chunksPerFrame = 2;
    StoreTestSupport.SeriesResult r = StoreTestSupport.drain(store(),
        request(T0, T0 + 10_000_000, LabelMatcher.equal("job", "api")));
    assertThat(r.series()).hasSize(2);
    assertThat(r.series().get(0).getChunksList()).hasSize(5);
    assertThat(StoreTestSupport.samples(r.series().get(1), T0, T0 + 10_000_000)).hasSize(500);
  }

  @Test
  void samplesAnswersGiveTheSameSeries() {
    SeriesRequest req = request(T0 + 60_000, T0 + 3_000_000, LabelMatcher.regex("__name__", "up"));
    StoreTestSupport.SeriesResult streamed = StoreTestSupport.drain(store(), req);
    prom.samplesOnly = true;
    StoreTestSupport.SeriesResult samples = StoreTestSupport.drain(store(), req);
    assertThat(samples.labels()).containsExactlyElementsOf(streamed.labels());
    for (int i = 0; i < samples.series().size(); i++) {
      assertThat(StoreTestSupport.samples(samples.series().get(i), req.getMinTime(), req.getMaxTime()))
          .isEqualTo(StoreTestSupport.samples(streamed.series().get(i), req.getMinTime(), req.getMaxTime()));
      for (AggrChunk c : samples.series().get(i).getChunksList()) {
        assertThat(io.strata.tsdb.chunkenc.XorChunk.numSamples(c.getRaw().getData().toByteArray()))
            .isLessThanOrEqualTo(120);
      }
    }
  }

  @Test
  void samplesOnlyAcceptedTypeIsSent() {
    StoreTestSupport.drain(store(List.of(ReadRequest.ResponseType.SAMPLES)),
        request(T0, T0 + 1000, LabelMatcher.equal("job", "db")));
    assertThat(prom.readRequests.get(0).getAcceptedResponseTypesList())
        .containsExactly(ReadRequest.ResponseType.SAMPLES);
  }

  @Test
  void matchersOnExternalLabelsAreDecidedHere() {
    assertThat(StoreTestSupport.drain(store(), request(T0, T0 + 1000, LabelMatcher.equal("cluster", "other"),
        LabelMatcher.equal("job", "db"))).series()).isEmpty();
    assertThat(prom.readRequests).as("a contradicting matcher needs no call").isEmpty();

    StoreTestSupport.SeriesResult r = StoreTestSupport.drain(store(), request(T0, T0 + 1000,
        LabelMatcher.regex("cluster", "eu.*"), LabelMatcher.equal("job", "db")));
    assertThat(r.labels()).containsExactly(served("__name__", "up", "job", "db"));
    assertThat(prom.readRequests.get(0).getQueries(0).getMatchersList())
        .extracting(io.strata.proto.prometheus.LabelMatcher::getName).containsExactly("job");

    assertThatThrownBy(() -> store().series(request(T0, T0 + 1000, LabelMatcher.equal("cluster", "eu1"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.INVALID_ARGUMENT))
        .hasMessageContaining("no matchers specified (excluding external labels)");
  }

  @Test
  void startIsRaisedToTheOldestDataOfPrometheus() throws IOException {
    lowest = T0 + 600_000;
    metadata.refresh();
    StoreTestSupport.drain(store(), request(T0 - 1_000_000, T0 + 1_000_000, LabelMatcher.equal("job", "db")));
    assertThat(prom.readRequests.get(0).getQueries(0).getStartTimestampMs()).isEqualTo(T0 + 600_000);
    assertThat(StoreTestSupport.drain(store(), request(T0, T0 + 1000, LabelMatcher.equal("job", "db"))).series())
        .as("entirely before the oldest data").isEmpty();
  }

  @Test
  void skipChunksUsesTheSeriesApi() {
    SeriesRequest req = request(T0, T0 + 1000, LabelMatcher.equal("__name__", "up")).toBuilder().setSkipChunks(true)
        .build();
    StoreTestSupport.SeriesResult r = StoreTestSupport.drain(store(), req);
    assertThat(r.labels()).containsExactly(
        served("__name__", "up", "instance", "a", "job", "api"),
        served("__name__", "up", "instance", "b", "job", "api"),
        served("__name__", "up", "job", "db"),
        served("__name__", "up"));
    assertThat(r.series()).allSatisfy(s -> assertThat(s.getChunksList()).isEmpty());
    assertThat(prom.readRequests).isEmpty();
    assertThat(prom.apiRequests).anyMatch(s -> s.startsWith("/api/v1/series match[]={__name__=\"up\"}"));
    assertThat(StoreTestSupport.drain(store(), req.toBuilder().setLimit(1).build()).series()).hasSize(1);
  }

  @Test
  void replicaLabelsAreRemovedOnRequest() {
    SeriesRequest req = request(T0, T0 + 1000, LabelMatcher.equal("job", "db")).toBuilder()
        .addWithoutReplicaLabels("replica").build();
    assertThat(StoreTestSupport.drain(store(), req).labels())
        .containsExactly(Labels.of("__name__", "up", "cluster", "eu1", "job", "db"));
    assertThat(StoreTestSupport.drain(store(), req.toBuilder().setSkipChunks(true).build()).labels())
        .containsExactly(Labels.of("__name__", "up", "cluster", "eu1", "job", "db"));
  }

  @Test
  void storedLabelsCollidingWithExternalOnesAreResortedAndMerged() {
    prom.data = List.of(
        TestSeries.of(Labels.of("__name__", "m", "cluster", "zzz", "x", "1"), T0, 15_000, 5, t -> 1),
        TestSeries.of(Labels.of("__name__", "m", "cluster", "aaa", "x", "1"), T0 + 75_000, 15_000, 5, t -> 2),
        TestSeries.of(Labels.of("__name__", "m", "x", "0"), T0, 15_000, 5, t -> 3));
    StoreTestSupport.SeriesResult r = StoreTestSupport.drain(store(),
        request(T0, T0 + 1_000_000, LabelMatcher.equal("__name__", "m")));
    assertThat(r.labels()).containsExactly(served("__name__", "m", "x", "0"), served("__name__", "m", "x", "1"));
    assertThat(StoreTestSupport.samples(r.series().get(1), T0, T0 + 1_000_000)).extracting(Point::t)
        .containsExactly(T0, T0 + 15_000, T0 + 30_000, T0 + 45_000, T0 + 60_000, T0 + 75_000, T0 + 90_000,
            T0 + 105_000, T0 + 120_000, T0 + 135_000);
  }

  @Test
  void limitStopsTheStream() {
    SeriesRequest req = request(T0, T0 + 10_000_000, LabelMatcher.equal("__name__", "up")).toBuilder().setLimit(2)
        .build();
    assertThat(StoreTestSupport.drain(store(), req).labels()).containsExactly(
        served("__name__", "up", "instance", "a", "job", "api"), served("__name__", "up", "instance", "b", "job", "api"));
  }

  @Test
  void corruptFrameFailsNamingItsOffset() {
    prom.corruptFrame = 1;
    assertThatThrownBy(() -> StoreTestSupport.drain(store(),
        request(T0, T0 + 10_000_000, LabelMatcher.equal("__name__", "up"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.INTERNAL))
        .hasMessageContaining(prom.uri().toString())
        .hasMessageMatching("(?s).*frame at byte offset [1-9][0-9]*: CRC32C mismatch.*");
  }

  @Test
  void httpErrorsMapToStatusCodes() {
    prom.readStatus = 500;
    prom.readBody = "internal error";
    assertThatThrownBy(() -> store().series(request(T0, T0 + 1, LabelMatcher.equal("job", "db"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE))
        .hasMessageContaining("500").hasMessageContaining("internal error");
    prom.readStatus = 400;
    prom.readBody = "exceeded sample limit (5)";
    assertThatThrownBy(() -> store().series(request(T0, T0 + 1, LabelMatcher.equal("job", "db"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED));
    prom.close();
    assertThatThrownBy(() -> store().series(request(T0, T0 + 1, LabelMatcher.equal("job", "db"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE));
  }

  @Test
  void closingFromAnotherThreadCancelsABlockedRead() throws Exception {
    prom.stall = new CountDownLatch(1);
    CloseableIterator<SeriesResponse> it = store().series(request(T0, T0 + 10_000_000,
        LabelMatcher.equal("__name__", "up")));
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        while (it.hasNext()) {
          it.next();
          blocked.countDown();
        }
        outcome.set("ended");
      } catch (StoreException e) {
        outcome.set(e.code());
      }
    });
    // The first series is held back (it is a prefix of later ones) until more frames come, which they do not.
    Thread.sleep(300);
    it.close();
    reader.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(reader.isAlive()).as("reader still blocked after close").isFalse();
    assertThat(outcome.get()).isIn("ended", StoreException.Code.CANCELLED);
  }

  @Test
  void infoAnnouncesExternalLabelsAndTime() throws IOException {
    StoreInfo info = store().info();
    assertThat(info.labelSets()).containsExactly(EXT);
    assertThat(info.minTime()).isEqualTo(T0);
    assertThat(info.maxTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(info.supportsWithoutReplicaLabels()).isTrue();
    assertThat(info.componentType()).isEqualTo("sidecar");

    extLabels.set(Labels.EMPTY);
    metadata.refresh();
    assertThatThrownBy(() -> store().info()).isInstanceOfSatisfying(StoreException.class,
        e -> assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE));
  }

  @Test
  void labelNamesAddExternalOnes() {
    PrometheusStore s = store();
    assertThat(s.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 1000).build()).getNamesList())
        .containsExactly("__name__", "cluster", "instance", "job", "replica");
    assertThat(s.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 1000)
        .addWithoutReplicaLabels("replica").addAllMatchers(ProtoConversions.toProto(
            List.of(LabelMatcher.equal("job", "db")))).build()).getNamesList())
        .containsExactly("__name__", "cluster", "job");
    assertThat(s.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 1000)
        .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("cluster", "x")))).build())
        .getNamesList()).isEmpty();
  }

  @Test
  void labelValues() {
    PrometheusStore s = store();
    assertThat(s.labelValues(LabelValuesRequest.newBuilder().setLabel("job").setStart(T0).setEnd(T0 + 1000).build())
        .getValuesList()).containsExactly("api", "db");
    assertThat(s.labelValues(LabelValuesRequest.newBuilder().setLabel("cluster").setStart(T0).setEnd(T0 + 1000)
        .build()).getValuesList()).containsExactly("eu1");
    assertThat(s.labelValues(LabelValuesRequest.newBuilder().setLabel("cluster").setStart(T0).setEnd(T0 + 1000)
        .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("job", "none")))).build())
        .getValuesList()).isEmpty();
    assertThat(s.labelValues(LabelValuesRequest.newBuilder().setLabel("replica").setStart(T0).setEnd(T0 + 1000)
        .addWithoutReplicaLabels("replica").build()).getValuesList()).isEmpty();
    assertThatThrownBy(() -> s.labelValues(LabelValuesRequest.newBuilder().build()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.INVALID_ARGUMENT));
  }
}
