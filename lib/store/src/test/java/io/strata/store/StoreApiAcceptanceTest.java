package io.strata.store;

import static io.strata.store.AcceptanceData.EXT;
import static io.strata.store.AcceptanceData.HOUR;
import static io.strata.store.AcceptanceData.MINUTE;
import static io.strata.store.AcceptanceData.REPLICA;
import static io.strata.store.AcceptanceData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.store.StoreTestSupport.Point;
import io.strata.store.StoreTestSupport.SeriesResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The StoreAPI contract, checked from the outside (modelled on Thanos's pkg/store/acceptance_test.go).
 * Every StoreAPI implementation extends this class and says how to build a store holding a dataset:
 *
 * <pre>{@code
 * class BucketStoreAcceptanceTest extends StoreApiAcceptanceTest {
 *   protected StoreApi createStore(List<TestSeries> data, Labels ext, Path dir) throws Exception {
 *     List<Path> blocks = TestBlocks.write(dir, data, ext);   // or split by time: TestBlocks.write(dir, data, ext, t1, t2, t3)
 *     ... upload the block directories to a bucket, build and sync the store ...
 *     return closeAfterAll(store);
 *   }
 * }
 * }</pre>
 *
 * The store must serve {@code data} with the external labels {@code ext} (a block's {@code thanos.labels});
 * a store may add labels of its own (a proxy over replicas adds {@code replica=...}) provided requests that
 * drop {@code replica} then see the same answers. Every request here sets {@code without_replica_labels:
 * [replica]}, like Thanos's suite. Checked: series selection by every matcher kind (Prometheus's matching
 * cases, empty-value semantics, regex alternations, no match), external labels attached (and winning over a
 * stored clash), external-label matchers, time-range selection, skip_chunks, limit, strictly sorted output,
 * chunk contents decoding back to exactly the stored samples (stale-marker NaNs bit for bit), replicas kept
 * in the TSDB merged, label names and values with and without matchers and time range, Info, and
 * INVALID_ARGUMENT for bad requests. One store per dataset is built per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreApiAcceptanceTest {
  private static final long FAR_MIN = T0 - 24 * HOUR;
  private static final long FAR_MAX = T0 + 24 * HOUR;

  @TempDir protected Path tempDir;

  private final Map<String, StoreApi> stores = new HashMap<>();
  private final List<AutoCloseable> resources = new ArrayList<>();

  /**
   * Builds a store serving {@code data} with external labels {@code externalLabels}.
   *
   * @param dir an empty directory for this store's files
   */
  protected abstract StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception;

  /** Registers something to close when the class's tests are done; returns it. */
  protected final <T extends AutoCloseable> T closeAfterAll(T resource) {
    resources.add(resource);
    return resource;
  }

  @AfterAll
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private StoreApi store(String dataset) {
    return stores.computeIfAbsent(dataset, name -> {
      try {
        Path dir = Files.createDirectories(tempDir.resolve(name));
        return createStore(data(name), EXT, dir);
      } catch (Exception e) {
        throw new IllegalStateException("creating the store for dataset " + name, e);
      }
    });
  }

  private static List<TestSeries> data(String dataset) {
    return switch (dataset) {
      case "main" -> AcceptanceData.main();
      case "matching" -> AcceptanceData.matching();
      case "conflict" -> AcceptanceData.conflict();
      case "replicas" -> AcceptanceData.storedReplicas();
      case "empty" -> List.of();
      default -> throw new IllegalArgumentException(dataset);
    };
  }

  static LabelMatcher eq(String n, String v) {
    return LabelMatcher.equal(n, v);
  }

  static LabelMatcher neq(String n, String v) {
    return LabelMatcher.notEqual(n, v);
  }

  static LabelMatcher re(String n, String v) {
    return LabelMatcher.regex(n, v);
  }

  static LabelMatcher nre(String n, String v) {
    return LabelMatcher.notRegex(n, v);
  }

  private static SeriesRequest request(List<LabelMatcher> matchers, long mint, long maxt) {
    return SeriesRequest.newBuilder().setMinTime(mint).setMaxTime(maxt)
        .addAllMatchers(ProtoConversions.toProto(matchers)).addWithoutReplicaLabels(REPLICA).build();
  }

  private static Labels served(String... pairs) {
    return Labels.of(pairs).toBuilder().set("region", "eu-west").build();
  }

  /** Checks order, chunk order and contents against the model; returns the labels. */
  private static List<Labels> verify(SeriesResult r, TreeMap<Labels, List<Point>> expected, long mint, long maxt,
      boolean skipChunks) {
    assertThat(r.warnings()).isEmpty();
    List<Labels> labels = r.labels();
    for (int i = 1; i < labels.size(); i++) {
      assertThat(labels.get(i - 1)).as("series must be strictly sorted").isLessThan(labels.get(i));
    }
    assertThat(labels).containsExactlyElementsOf(expected.keySet());
    for (Series s : r.series()) {
      Labels l = ProtoConversions.labels(s.getLabelsList());
      if (skipChunks) {
        assertThat(s.getChunksList()).as("chunks of %s with skip_chunks", l).isEmpty();
        continue;
      }
      List<AggrChunk> chunks = s.getChunksList();
      for (int i = 1; i < chunks.size(); i++) {
        assertThat(chunks.get(i).getMinTime()).as("chunks of %s sorted by min time", l)
            .isGreaterThanOrEqualTo(chunks.get(i - 1).getMinTime());
      }
      assertThat(StoreTestSupport.samples(s, mint, maxt)).as("samples of %s", l).isEqualTo(expected.get(l));
    }
    return labels;
  }

  Stream<Arguments> matchingCases() {
    Labels n1 = served("n", "1");
    Labels n1a = served("n", "1", "i", "a");
    Labels n1b = served("n", "1", "i", "b");
    Labels n2 = served("n", "2");
    Labels n25 = served("n", "2.5");
    return Stream.of(
        arguments("n=1", List.of(eq("n", "1")), List.of(n1a, n1b, n1)),
        arguments("n=1,i=a", List.of(eq("n", "1"), eq("i", "a")), List.of(n1a)),
        arguments("n=1,i=missing", List.of(eq("n", "1"), eq("i", "missing")), List.of()),
        arguments("missing=\"\"", List.of(eq("missing", "")), List.of(n1a, n1b, n1, n2, n25)),
        arguments("n!=1", List.of(neq("n", "1")), List.of(n2, n25)),
        arguments("i=~.+", List.of(re("i", ".+")), List.of(n1a, n1b)),
        arguments("i=~.*", List.of(re("i", ".*")), List.of(n1a, n1b, n1, n2, n25)),
        arguments("i=\"\"", List.of(eq("i", "")), List.of(n1, n2, n25)),
        arguments("i!=\"\"", List.of(neq("i", "")), List.of(n1a, n1b)),
        arguments("missing!=\"\"", List.of(neq("missing", "")), List.of()),
        arguments("n=1,i!=a", List.of(eq("n", "1"), neq("i", "a")), List.of(n1b, n1)),
        arguments("n=~^1$", List.of(re("n", "^1$")), List.of(n1a, n1b, n1)),
        arguments("n=1,i=~^a$", List.of(eq("n", "1"), re("i", "^a$")), List.of(n1a)),
        arguments("n=1,i=~^a?$", List.of(eq("n", "1"), re("i", "^a?$")), List.of(n1a, n1)),
        arguments("i=~^$", List.of(re("i", "^$")), List.of(n1, n2, n25)),
        arguments("n=1,i=~^$", List.of(eq("n", "1"), re("i", "^$")), List.of(n1)),
        arguments("n=1,i=~^.*$", List.of(eq("n", "1"), re("i", "^.*$")), List.of(n1a, n1b, n1)),
        arguments("n=1,i=~^.+$", List.of(eq("n", "1"), re("i", "^.+$")), List.of(n1a, n1b)),
        arguments("n!~^1$", List.of(nre("n", "^1$")), List.of(n2, n25)),
        arguments("n!~1", List.of(nre("n", "1")), List.of(n2, n25)),
        arguments("n!~1|2.5", List.of(nre("n", "1|2.5")), List.of(n2)),
        arguments("n!~(1|2.5)", List.of(nre("n", "(1|2.5)")), List.of(n2)),
        arguments("n=1,i!~^a$", List.of(eq("n", "1"), nre("i", "^a$")), List.of(n1b, n1)),
        arguments("n=1,i!~^a?$", List.of(eq("n", "1"), nre("i", "^a?$")), List.of(n1b)),
        arguments("n=1,i!~^$", List.of(eq("n", "1"), nre("i", "^$")), List.of(n1a, n1b)),
        arguments("n=1,i!~^.*$", List.of(eq("n", "1"), nre("i", "^.*$")), List.of()),
        arguments("n=1,i!~^.+$", List.of(eq("n", "1"), nre("i", "^.+$")), List.of(n1)),
        arguments("n=1,i!=\"\",i=a", List.of(eq("n", "1"), neq("i", ""), eq("i", "a")), List.of(n1a)),
        arguments("n=1,i!=b,i=~^(b|a).*$", List.of(eq("n", "1"), neq("i", "b"), re("i", "^(b|a).*$")), List.of(n1a)),
        arguments("n=~(1|2)", List.of(re("n", "(1|2)")), List.of(n1a, n1b, n1, n2)),
        arguments("i=~a|b", List.of(re("i", "a|b")), List.of(n1a, n1b)),
        arguments("i=~(a|b)", List.of(re("i", "(a|b)")), List.of(n1a, n1b)),
        arguments("n=~x1|2", List.of(re("n", "x1|2")), List.of(n2)),
        arguments("n=~2|2\\.5", List.of(re("n", "2|2\\.5")), List.of(n2, n25)),
        arguments("i=~c||d", List.of(re("i", "c||d")), List.of(n1, n2, n25)),
        arguments("i=~(c||d)", List.of(re("i", "(c||d)")), List.of(n1, n2, n25)),
        arguments("region=eu-west,n=2", List.of(eq("region", "eu-west"), eq("n", "2")), List.of(n2)),
        arguments("region=~eu-.*,n=2", List.of(re("region", "eu-.*"), eq("n", "2")), List.of(n2)),
        arguments("region=other,n=2", List.of(eq("region", "other"), eq("n", "2")), List.of()),
        arguments("region!=eu-west,n=~.+", List.of(neq("region", "eu-west"), re("n", ".+")), List.of()),
        arguments("n=nomatch", List.of(eq("n", "nomatch")), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matchingCases")
  void seriesSelectedByMatchers(String name, List<LabelMatcher> matchers, List<Labels> expected) {
    SeriesResult r = StoreTestSupport.drain(store("matching"), request(matchers, FAR_MIN, FAR_MAX));
    assertThat(r.labels()).containsExactlyElementsOf(expected);
    verify(r, AcceptanceData.expected(AcceptanceData.matching(), matchers, FAR_MIN, FAR_MAX), FAR_MIN, FAR_MAX, false);
  }

  Stream<Arguments> modelCases() {
    return Stream.of(
        arguments("up, everything", List.of(eq("__name__", "up")), FAR_MIN, FAR_MAX),
        arguments("up|span", List.of(re("__name__", "up|span")), FAR_MIN, FAR_MAX),
        arguments("job=api", List.of(eq("job", "api")), FAR_MIN, FAR_MAX),
        arguments("job!=api over all", List.of(neq("job", "api")), FAR_MIN, FAR_MAX),
        arguments("flip order", List.of(eq("__name__", "flip")), FAR_MIN, FAR_MAX),
        arguments("dense series", List.of(eq("__name__", "big")), FAR_MIN, FAR_MAX),
        arguments("stale markers", List.of(eq("__name__", "stale")), FAR_MIN, FAR_MAX),
        arguments("pods", List.of(re("__name__", "pod_.*|kube_.*"), eq("pod", "pod-1")), FAR_MIN, FAR_MAX),
        arguments("instance=~a|c", List.of(eq("__name__", "up"), re("instance", "a|c")), FAR_MIN, FAR_MAX),
        arguments("instance!~a|c", List.of(eq("__name__", "up"), nre("instance", "a|c")), FAR_MIN, FAR_MAX),
        arguments("kind=\"\"", List.of(re("__name__", ".+"), eq("kind", "")), FAR_MIN, FAR_MAX),
        arguments("no match", List.of(eq("__name__", "nothing")), FAR_MIN, FAR_MAX),
        arguments("early window", List.of(re("__name__", ".+")), T0 + 10 * MINUTE, T0 + 20 * MINUTE),
        arguments("first sample only", List.of(re("__name__", ".+")), T0, T0),
        arguments("gap window", List.of(re("__name__", ".+")), T0 + HOUR + MINUTE, T0 + 2 * HOUR),
        arguments("late window", List.of(re("__name__", ".+")), T0 + 3 * HOUR, T0 + 5 * HOUR),
        arguments("span across blocks", List.of(eq("__name__", "span")), T0 + 90 * MINUTE, T0 + 150 * MINUTE),
        arguments("after all data", List.of(re("__name__", ".+")), T0 + 5 * HOUR, FAR_MAX),
        arguments("region=eu-west", List.of(eq("region", "eu-west"), eq("__name__", "up")), FAR_MIN, FAR_MAX),
        arguments("region=~eu-.*", List.of(re("region", "eu-.*"), eq("job", "db")), FAR_MIN, FAR_MAX),
        arguments("region=other", List.of(eq("region", "other"), re("__name__", ".+")), FAR_MIN, FAR_MAX),
        arguments("region!=eu-west", List.of(neq("region", "eu-west")), FAR_MIN, FAR_MAX));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelCases")
  void seriesMatchTheModel(String name, List<LabelMatcher> matchers, long mint, long maxt) {
    TreeMap<Labels, List<Point>> expected = AcceptanceData.expected(AcceptanceData.main(), matchers, mint, maxt);
    verify(StoreTestSupport.drain(store("main"), request(matchers, mint, maxt)), expected, mint, maxt, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelCases")
  void skipChunksReturnsLabelsOnly(String name, List<LabelMatcher> matchers, long mint, long maxt) {
    TreeMap<Labels, List<Point>> expected = AcceptanceData.expected(AcceptanceData.main(), matchers, mint, maxt);
    SeriesRequest r = request(matchers, mint, maxt).toBuilder().setSkipChunks(true).build();
    verify(StoreTestSupport.drain(store("main"), r), expected, mint, maxt, true);
  }

  @Test
  void limitCutsTheSortedAnswer() {
    List<LabelMatcher> m = List.of(re("__name__", ".+"));
    List<Labels> all = new ArrayList<>(AcceptanceData.expected(AcceptanceData.main(), m, FAR_MIN, FAR_MAX).keySet());
    SeriesResult r = StoreTestSupport.drain(store("main"), request(m, FAR_MIN, FAR_MAX).toBuilder().setLimit(2).build());
    assertThat(r.labels()).containsExactlyElementsOf(all.subList(0, 2));
  }

  @Test
  void externalLabelsWinOverStoredOnes() {
    List<LabelMatcher> m = List.of(re("foo", "ba."));
    SeriesRequest r = request(m, FAR_MIN, FAR_MAX).toBuilder().setSkipChunks(true).build();
    assertThat(StoreTestSupport.drain(store("conflict"), r).labels())
        .containsExactly(Labels.of("foo", "bar", "region", "eu-west"), Labels.of("foo", "baz", "region", "eu-west"));
    assertThat(StoreTestSupport.drain(store("conflict"), request(List.of(eq("region", "somewhere"), re("foo", ".+")),
        FAR_MIN, FAR_MAX)).series()).isEmpty();
    assertThat(labelValues("conflict", "region", List.of(), FAR_MIN, FAR_MAX)).containsExactly("eu-west");
  }

  @Test
  void replicasStoredInTheTsdbAreMerged() {
    List<LabelMatcher> m = List.of(re("__name__", ".+"));
    TreeMap<Labels, List<Point>> expected = AcceptanceData.expected(AcceptanceData.storedReplicas(), m, FAR_MIN, FAR_MAX);
    assertThat(expected.keySet()).containsExactly(served("__name__", "x"), served("__name__", "y"));
    verify(StoreTestSupport.drain(store("replicas"), request(m, FAR_MIN, FAR_MAX)), expected, FAR_MIN, FAR_MAX, false);
    assertThat(labelNames("replicas", List.of(), FAR_MIN, FAR_MAX)).containsExactly("__name__", "region");
    assertThat(labelValues("replicas", REPLICA, List.of(), FAR_MIN, FAR_MAX)).isEmpty();
  }

  @Test
  void badRequestsAreInvalidArguments() {
    StoreApi s = store("main");
    assertInvalid(() -> StoreTestSupport.drain(s, request(List.of(), FAR_MIN, FAR_MAX)));
    SeriesRequest badRegex = request(List.of(), FAR_MIN, FAR_MAX).toBuilder()
        .addMatchers(io.strata.proto.thanos.LabelMatcher.newBuilder().setName("a").setValue("(")
            .setType(io.strata.proto.thanos.LabelMatcher.Type.RE)).build();
    assertInvalid(() -> StoreTestSupport.drain(s, badRegex));
    assertInvalid(() -> s.labelValues(LabelValuesRequest.newBuilder().setStart(FAR_MIN).setEnd(FAR_MAX).build()));
  }

  private static void assertInvalid(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.INVALID_ARGUMENT);
  }

  private List<String> labelNames(String dataset, List<LabelMatcher> m, long start, long end) {
    var r = store(dataset).labelNames(LabelNamesRequest.newBuilder().setStart(start).setEnd(end)
        .addAllMatchers(ProtoConversions.toProto(m)).addWithoutReplicaLabels(REPLICA).build());
    assertThat(r.getWarningsList()).isEmpty();
    return r.getNamesList();
  }

  private List<String> labelValues(String dataset, String label, List<LabelMatcher> m, long start, long end) {
    var r = store(dataset).labelValues(LabelValuesRequest.newBuilder().setLabel(label).setStart(start).setEnd(end)
        .addAllMatchers(ProtoConversions.toProto(m)).addWithoutReplicaLabels(REPLICA).build());
    assertThat(r.getWarningsList()).isEmpty();
    return r.getValuesList();
  }

  @Test
  void labelNames() {
    TreeSet<String> all = new TreeSet<>();
    AcceptanceData.main().forEach(s -> s.labels().forEach((n, v) -> all.add(n)));
    all.add("region");
    assertThat(labelNames("main", List.of(), FAR_MIN, FAR_MAX)).containsExactlyElementsOf(all);
    assertThat(labelNames("main", List.of(eq("__name__", "kube_pod_info")), FAR_MIN, FAR_MAX))
        .containsExactly("__name__", "pod", "region");
    assertThat(labelNames("main", List.of(eq("job", "db")), FAR_MIN, FAR_MAX))
        .containsExactly("__name__", "instance", "job", "region");
    assertThat(labelNames("main", List.of(eq("region", "eu-west")), FAR_MIN, FAR_MAX)).containsExactlyElementsOf(all);
    assertThat(labelNames("main", List.of(eq("region", "different")), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(labelNames("main", List.of(eq("bar", "different")), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(labelNames("main", List.of(), T0 - 10 * HOUR, T0 - 5 * HOUR)).as("before all data").isEmpty();
    var limited = store("main").labelNames(LabelNamesRequest.newBuilder().setStart(FAR_MIN).setEnd(FAR_MAX)
        .setLimit(2).addWithoutReplicaLabels(REPLICA).build());
    assertThat(limited.getNamesList()).containsExactlyElementsOf(new ArrayList<>(all).subList(0, 2));
  }

  @Test
  void labelValues() {
    assertThat(labelValues("main", "pod", List.of(), FAR_MIN, FAR_MAX)).containsExactly("pod-1", "pod-2");
    assertThat(labelValues("main", "pod", List.of(eq("__name__", "kube_pod_info")), FAR_MIN, FAR_MAX))
        .containsExactly("pod-1");
    assertThat(labelValues("main", "job", List.of(eq("__name__", "up")), FAR_MIN, FAR_MAX)).containsExactly("api", "db");
    assertThat(labelValues("main", "job", List.of(eq("region", "eu-west")), FAR_MIN, FAR_MAX))
        .containsExactly("a", "api", "db");
    assertThat(labelValues("main", "job", List.of(eq("region", "different")), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(labelValues("main", "region", List.of(), FAR_MIN, FAR_MAX)).containsExactly("eu-west");
    assertThat(labelValues("main", "region", List.of(eq("__name__", "up"), eq("job", "db")), FAR_MIN, FAR_MAX))
        .containsExactly("eu-west");
    assertThat(labelValues("main", "region", List.of(re("region", ".*"), eq("__name__", "up")), FAR_MIN, FAR_MAX))
        .containsExactly("eu-west");
    assertThat(labelValues("main", "region", List.of(eq("__name__", "nonexistent")), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(labelValues("main", "region", List.of(eq("region", "eu-east")), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(labelValues("main", "missing", List.of(), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(labelValues("main", REPLICA, List.of(), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(labelValues("main", "pod", List.of(), T0 + 10 * HOUR, FAR_MAX)).as("after all data").isEmpty();
  }

  @Test
  void emptyStoreAnswersEmpty() {
    assertThat(labelNames("empty", List.of(), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(labelValues("empty", "foo", List.of(), FAR_MIN, FAR_MAX)).isEmpty();
    assertThat(StoreTestSupport.drain(store("empty"), request(List.of(re("foo", ".+")), FAR_MIN, FAR_MAX)).series())
        .isEmpty();
  }

  @Test
  void infoAnnouncesExternalLabelsAndTimeRange() {
    StoreInfo info = store("main").info();
    assertThat(info.labelSets()).isNotEmpty().allSatisfy(set -> assertThat(set.get("region")).isEqualTo("eu-west"));
    assertThat(info.minTime()).isLessThanOrEqualTo(T0);
    assertThat(info.maxTime()).isGreaterThanOrEqualTo(T0 + 4 * HOUR - MINUTE);
    assertThat(info.overlaps(T0 + HOUR, T0 + 2 * HOUR)).isTrue();
    assertThat(info.supportsWithoutReplicaLabels()).isTrue();
  }
}
