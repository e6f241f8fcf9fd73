package io.strata.store.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.PartialResponseStrategy;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.SeriesResponses;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.store.StoreTestSupport;
import io.strata.store.StoreTestSupport.SeriesResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyStoreTest {
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  private ProxyStore proxy(Duration timeout, int buffer, StoreRef... refs) {
    List<StoreRef> list = List.of(refs);
    return new ProxyStore(() -> list, timeout, buffer, executor);
  }

  private static StoreRef ref(String name, FakeStore s) {
    return StoreRef.of(name, s);
  }

  private static SeriesRequest request(PartialResponseStrategy strategy, LabelMatcher... ms) {
    return SeriesRequest.newBuilder().setMinTime(0).setMaxTime(1000).setPartialResponseStrategy(strategy)
        .addAllMatchers(ProtoConversions.toProto(List.of(ms.length == 0 ? new LabelMatcher[] {LabelMatcher.regex("i", ".+")} : ms)))
        .build();
  }

  private static SeriesRequest warn() {
    return request(PartialResponseStrategy.WARN);
  }

  private static SeriesRequest abort() {
    return request(PartialResponseStrategy.ABORT);
  }

  @Test
  void asksOnlyStoresWhoseTimeRangeAndExternalLabelsFit() {
    FakeStore eu = new FakeStore(List.of(Labels.of("region", "eu")), 0, 100, true, 1);
    FakeStore us = new FakeStore(List.of(Labels.of("region", "us")), 0, 100, true, 1);
    FakeStore euLater = new FakeStore(List.of(Labels.of("region", "eu")), 200, 300, true, 1);
    ProxyStore p = proxy(Duration.ZERO, 4, ref("eu", eu), ref("us", us), ref("eu-later", euLater));
    SeriesRequest r = request(PartialResponseStrategy.WARN, LabelMatcher.equal("region", "eu"), LabelMatcher.regex("i", ".+"))
        .toBuilder().setMinTime(50).setMaxTime(150).build();
    assertThat(StoreTestSupport.drain(p, r).series()).hasSize(1);
    assertThat(List.of(eu.calls.get(), us.calls.get(), euLater.calls.get())).containsExactly(1, 0, 0);
    assertThat(eu.lastRequest).as("the request is forwarded unchanged").isEqualTo(r);
  }

  @Test
  void mergesStoresInLabelOrder() {
    FakeStore even = new FakeStore(3);
    even.make = i -> SeriesResponses.series(Labels.of("i", String.valueOf(2 * i)), List.of());
    FakeStore odd = new FakeStore(3);
    odd.make = i -> SeriesResponses.series(Labels.of("i", String.valueOf(2 * i + 1)), List.of());
    SeriesResult r = StoreTestSupport.drain(proxy(Duration.ZERO, 1, ref("even", even), ref("odd", odd)), warn());
    assertThat(r.labels()).extracting(l -> l.get("i")).containsExactly("0", "1", "2", "3", "4", "5");
  }

  @Test
  void underWarnAFailingStoreBecomesAWarningNamingIt() {
    FakeStore good = new FakeStore(2);
    FakeStore broken = new FakeStore(1);
    broken.make = i -> SeriesResponses.series(Labels.of("i", "zz"), List.of());
    broken.failAfter = new StoreException(StoreException.Code.UNAVAILABLE, "disk on fire");
    FakeStore refusing = new FakeStore(0);
    refusing.failOnCall = new StoreException(StoreException.Code.RESOURCE_EXHAUSTED, "too many series");
    SeriesResult r = StoreTestSupport.drain(proxy(Duration.ZERO, 4, ref("good", good), ref("broken:10901", broken),
        ref("refusing", refusing)), warn());
    assertThat(r.labels()).extracting(l -> l.get("i")).containsExactly("00000", "00001", "zz");
    assertThat(r.warnings()).hasSize(2).anySatisfy(w -> assertThat(w).contains("broken:10901").contains("disk on fire"))
        .anySatisfy(w -> assertThat(w).contains("refusing").contains("too many series"));
  }

  @Test
  void underAbortAFailingStoreFailsTheCallWithItsCode() {
    FakeStore good = new FakeStore(2);
    FakeStore broken = new FakeStore(1);
    broken.failAfter = new StoreException(StoreException.Code.UNAVAILABLE, "disk on fire");
    ProxyStore p = proxy(Duration.ZERO, 4, ref("good", good), ref("broken", broken));
    assertThatThrownBy(() -> StoreTestSupport.drain(p, abort())).isInstanceOf(StoreException.class)
        .hasMessageContaining("broken").hasMessageContaining("disk on fire")
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.UNAVAILABLE);
    SeriesRequest disabled = warn().toBuilder().setPartialResponseDisabled(true).build();
    assertThatThrownBy(() -> StoreTestSupport.drain(p, disabled)).isInstanceOf(StoreException.class);
  }

  @Test
  void underAbortAWarningFromAStoreFailsTheCall() {
    FakeStore warning = new FakeStore(1);
    warning.make = i -> SeriesResponses.warning("partial data from below");
    ProxyStore p = proxy(Duration.ZERO, 4, ref("w", warning));
    assertThatThrownBy(() -> StoreTestSupport.drain(p, abort())).isInstanceOf(StoreException.class)
        .hasMessageContaining("partial data from below")
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.ABORTED);
    assertThat(StoreTestSupport.drain(p, warn()).warnings()).containsExactly("partial data from below");
  }

  @Test
  void aSilentStoreIsGivenUpAfterTheResponseTimeout() throws Exception {
    FakeStore good = new FakeStore(3);
    FakeStore silent = new FakeStore(5);
    silent.make = i -> SeriesResponses.series(Labels.of("i", "silent-" + i), List.of());
    silent.blockBefore = 1;
    ProxyStore p = proxy(Duration.ofMillis(200), 4, ref("good", good), ref("silent", silent));
    long start = System.nanoTime();
    SeriesResult r = StoreTestSupport.drain(p, warn());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(r.series()).hasSize(4);
    assertThat(r.warnings()).singleElement().asString().contains("silent").contains("sent nothing within");
    assertThat(silent.closed.await(5, TimeUnit.SECONDS)).as("the silent store's stream is cancelled").isTrue();

    FakeStore silent2 = new FakeStore(5);
    silent2.blockBefore = 0;
    ProxyStore aborting = proxy(Duration.ofMillis(200), 4, ref("silent2", silent2));
    assertThatThrownBy(() -> StoreTestSupport.drain(aborting, abort())).isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.DEADLINE_EXCEEDED);
  }

  @Test
  void closingEarlyCancelsEveryStoreAndBufferingStaysBounded() throws Exception {
    FakeStore endless = new FakeStore(-1);
    FakeStore blocked = new FakeStore(10);
    blocked.blockBefore = 2;
    ProxyStore p = proxy(Duration.ZERO, 4, ref("endless", endless), ref("blocked", blocked));
    CloseableIterator<SeriesResponse> it = p.series(warn());
    assertThat(it.hasNext()).isTrue();
    it.next();
    Thread.sleep(300);
    // Queue (4 + 1 slots), the frame the producer holds while blocked, the merge's head, the frame consumed.
    assertThat(endless.pulled.get()).as("frames pulled from an endless store").isLessThanOrEqualTo(8);
    it.close();
    assertThat(endless.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(blocked.closed.await(5, TimeUnit.SECONDS)).as("a store blocked mid-stream is cancelled").isTrue();
    int pulled = endless.pulled.get();
    Thread.sleep(100);
    assertThat(endless.pulled.get()).isEqualTo(pulled);
  }

  @Test
  void closingFromAnotherThreadWakesAConsumerBlockedInHasNext() throws Exception {
    FakeStore silent = new FakeStore(5);
    silent.blockBefore = 0;
    ProxyStore p = proxy(Duration.ZERO, 4, ref("silent", silent));
    CloseableIterator<SeriesResponse> it = p.series(warn());
    java.util.concurrent.Future<Boolean> consumer = executor.submit(it::hasNext);
    Thread.sleep(200);
    assertThat(consumer.isDone()).as("blocked waiting for the silent store").isFalse();
    it.close();
    assertThat(consumer.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(silent.closed.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void noStores() {
    ProxyStore p = proxy(Duration.ZERO, 4);
    assertThat(StoreTestSupport.drain(p, warn()).series()).isEmpty();
    assertThatThrownBy(() -> p.series(abort())).isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.UNAVAILABLE);
    assertThat(p.info().minTime()).isEqualTo(Long.MIN_VALUE);
    assertThat(p.info().maxTime()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void storesWithoutReplicaLabelSupportAreStrippedAndResorted() {
    FakeStore old = new FakeStore(List.of(), 0, 1000, false, 2);
    List<SeriesResponse> frames = List.of(
        SeriesResponses.series(Labels.of("a", "1", "b", "x", "replica", "r1"), List.of()),
        SeriesResponses.series(Labels.of("a", "1", "replica", "r1"), List.of()));
    old.make = frames::get;
    FakeStore modern = new FakeStore(List.of(), 0, 1000, true, 1);
    modern.make = i -> SeriesResponses.series(Labels.of("a", "1"), List.of());
    ProxyStore p = proxy(Duration.ZERO, 4, ref("old", old), ref("modern", modern));
    SeriesRequest r = request(PartialResponseStrategy.WARN, LabelMatcher.equal("a", "1")).toBuilder()
        .addWithoutReplicaLabels("replica").build();
    assertThat(StoreTestSupport.drain(p, r).labels()).containsExactly(Labels.of("a", "1"), Labels.of("a", "1", "b", "x"));
  }

  @Test
  void limitAppliesToTheMergedStream() {
    FakeStore a = new FakeStore(5);
    FakeStore b = new FakeStore(5);
    SeriesResult r = StoreTestSupport.drain(proxy(Duration.ZERO, 4, ref("a", a), ref("b", b)),
        warn().toBuilder().setLimit(3).build());
    assertThat(r.labels()).extracting(l -> l.get("i")).containsExactly("00000", "00001", "00002");
  }

  @Test
  void labelCallsFanOutMergeAndWarn() {
    FakeStore a = new FakeStore(List.of(Labels.of("region", "eu")), 0, 100, true, 0);
    a.names = List.of("job", "__name__");
    FakeStore b = new FakeStore(List.of(Labels.of("region", "us")), 0, 100, true, 0);
    b.names = List.of("zone", "job");
    FakeStore broken = new FakeStore(0);
    broken.failOnCall = new StoreException(StoreException.Code.UNAVAILABLE, "gone");
    FakeStore slow = new FakeStore(0);
    slow.labelDelayMillis = 5_000;
    ProxyStore p = proxy(Duration.ofMillis(300), 4, ref("a", a), ref("b", b), ref("broken", broken), ref("slow", slow));

    var names = p.labelNames(LabelNamesRequest.newBuilder().setStart(0).setEnd(100).build());
    assertThat(names.getNamesList()).containsExactly("__name__", "job", "zone");
    assertThat(names.getWarningsList()).hasSize(2).anySatisfy(w -> assertThat(w).contains("broken").contains("gone"))
        .anySatisfy(w -> assertThat(w).contains("slow").contains("no answer within"));

    var values = p.labelValues(LabelValuesRequest.newBuilder().setLabel("x").setStart(0).setEnd(100)
        .addMatchers(ProtoConversions.toProto(LabelMatcher.equal("region", "eu"))).build());
    assertThat(values.getValuesList()).containsExactly("__name__", "job");
    assertThat(values.getWarningsList()).contains("downstream says hi");
    assertThat(b.calls.get()).as("us store not asked for region=eu").isEqualTo(1);

    assertThatThrownBy(() -> p.labelNames(LabelNamesRequest.newBuilder().setStart(0).setEnd(100)
        .setPartialResponseStrategy(PartialResponseStrategy.ABORT).build())).isInstanceOf(StoreException.class)
        .hasMessageContaining("broken");
    assertThatThrownBy(() -> p.labelValues(LabelValuesRequest.getDefaultInstance())).isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.INVALID_ARGUMENT);
  }

  @Test
  void infoIsTheUnionOfTheStores() {
    FakeStore a = new FakeStore(List.of(Labels.of("region", "eu")), 10, 100, true, 0);
    FakeStore b = new FakeStore(List.of(Labels.of("region", "us"), Labels.of("region", "eu")), 50, 300, false, 0);
    StoreInfo info = proxy(Duration.ZERO, 4, ref("a", a), ref("b", b)).info();
    assertThat(info.labelSets()).containsExactly(Labels.of("region", "eu"), Labels.of("region", "us"));
    assertThat(info.minTime()).isEqualTo(10);
    assertThat(info.maxTime()).isEqualTo(300);
    assertThat(info.supportsWithoutReplicaLabels()).isTrue();
    assertThat(info.componentType()).isEqualTo("query");
  }

  @Test
  void storesAreReadConcurrently() {
    // Each store needs the other to have started: only concurrent reading finishes.
    java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
    List<FakeStore> stores = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      FakeStore f = new FakeStore(1);
      int shard = s;
      f.make = i -> {
        try {
          barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return SeriesResponses.series(Labels.of("i", "s" + shard), List.of());
      };
      stores.add(f);
    }
    SeriesResult r = StoreTestSupport.drain(proxy(Duration.ZERO, 1, ref("s0", stores.get(0)), ref("s1", stores.get(1))),
        warn());
    assertThat(r.warnings()).isEmpty();
    assertThat(r.series()).hasSize(2);
  }
}
