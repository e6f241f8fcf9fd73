package io.strata.store.dedup;

import static io.strata.store.dedup.Samples.every;
import static io.strata.store.dedup.Samples.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Chunk;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.SeriesResponses;
import io.strata.store.StoreException;
import io.strata.store.dedup.Samples.S;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DedupSeriesSetTest {
  /** XOR chunks of at most {@code perChunk} samples. */
  static List<AggrChunk> chunks(List<S> samples, int perChunk) {
    List<AggrChunk> out = new ArrayList<>();
    for (int i = 0; i < samples.size(); i += perChunk) {
      List<S> part = samples.subList(i, Math.min(samples.size(), i + perChunk));
      XorChunkEncoder enc = new XorChunkEncoder();
      for (S s : part) {
        enc.append(s.t(), s.v());
      }
      out.add(ProtoConversions.toAggrChunk(new io.strata.tsdb.chunks.Chunk(part.get(0).t(),
          part.get(part.size() - 1).t(), ChunkEncoding.XOR.code(), enc.bytes())));
    }
    return out;
  }

  static SeriesResponse series(Labels labels, List<AggrChunk> chunks) {
    List<AggrChunk> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparingLong(AggrChunk::getMinTime));
    return SeriesResponse.newBuilder().setSeries(Series.newBuilder()
        .addAllLabels(ProtoConversions.toProto(labels)).addAllChunks(sorted)).build();
  }

  static List<AggrChunk> both(List<AggrChunk> a, List<AggrChunk> b) {
    List<AggrChunk> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  record Result(Labels labels, List<S> samples) {}

  static List<Result> drain(DedupSeriesSet set) {
    List<Result> out = new ArrayList<>();
    while (set.next()) {
      out.add(new Result(set.labels(), Samples.drain(set.iterator())));
    }
    return out;
  }

  static final Labels A1 = Labels.of("a", "1");

  @Test
  void replicasDeliveredAsOneSeriesWithOverlappingChunksAreSplitAndDeduplicated() {
    // What a store that drops the replica label sends: one series, both replicas' chunks interleaved.
    List<AggrChunk> merged = both(chunks(PenaltyDedupIteratorTest.EXAMPLE_A, 3), chunks(PenaltyDedupIteratorTest.EXAMPLE_B, 4));
    try (DedupSeriesSet set = new DedupSeriesSet(CloseableIterator.of(List.of(series(A1, merged))), Set.of("replica"),
        DedupAlgorithm.PENALTY, "", Long.MIN_VALUE, Long.MAX_VALUE)) {
      List<Result> out = drain(set);
      assertThat(out).hasSize(1);
      assertThat(out.get(0).labels()).isEqualTo(A1);
      assertThat(out.get(0).samples()).isEqualTo(PenaltyDedupIteratorTest.concat(every(0, 30_000, 10_000, 0),
          every(45_000, 115_000, 10_000, 0.5)));
    }
  }

  @Test
  void seriesDifferingOnlyInReplicaLabelsAreGrouped() {
    List<SeriesResponse> in = List.of(
        series(Labels.of("a", "1", "replica", "x"), chunks(every(0, 60_000, 10_000, 0), 120)),
        series(Labels.of("a", "1", "replica", "y"), chunks(every(120_000, 180_000, 10_000, 1), 120)),
        series(Labels.of("a", "1", "b", "2", "replica", "x"), chunks(every(0, 20_000, 10_000, 2), 120)),
        SeriesResponses.warning("store z: unavailable"),
        series(Labels.of("a", "2", "cluster", "c", "replica", "x"), chunks(of(5, 5), 120)));
    try (DedupSeriesSet set = new DedupSeriesSet(CloseableIterator.of(in), List.of("replica", "cluster"),
        DedupAlgorithm.PENALTY, "", Long.MIN_VALUE, Long.MAX_VALUE)) {
      List<Result> out = drain(set);
      assertThat(out).extracting(Result::labels)
          .containsExactly(A1, Labels.of("a", "1", "b", "2"), Labels.of("a", "2"));
      assertThat(out.get(0).samples()).isEqualTo(PenaltyDedupIteratorTest.concat(every(0, 60_000, 10_000, 0),
          every(120_000, 180_000, 10_000, 1)));
      assertThat(out.get(2).samples()).isEqualTo(of(5, 5));
      assertThat(set.warnings()).containsExactly("store z: unavailable");
    }
  }

  @Test
  void chainMergesReplicasOneToOne() {
    List<SeriesResponse> in = List.of(
        series(Labels.of("a", "1", "replica", "x"), chunks(of(0, 1, 10, 1, 20, 1), 120)),
        series(Labels.of("a", "1", "replica", "y"), chunks(of(10, 1, 15, 2, 30, 2), 120)));
    try (DedupSeriesSet set = new DedupSeriesSet(CloseableIterator.of(in), Set.of("replica"), DedupAlgorithm.CHAIN, "rate",
        Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(drain(set)).containsExactly(new Result(A1, of(0, 1, 10, 1, 15, 2, 20, 1, 30, 2)));
    }
  }

  @Test
  void counterFunctionsAdjustSwitchedReplicas() {
    List<SeriesResponse> in = List.of(series(A1, both(chunks(PenaltyDedupIteratorTest.COUNTER_A, 120),
        chunks(PenaltyDedupIteratorTest.COUNTER_B, 120))));
    for (String func : List.of("rate", "increase", "irate", "resets")) {
      try (DedupSeriesSet set = new DedupSeriesSet(CloseableIterator.of(in), Set.of("replica"), DedupAlgorithm.PENALTY,
          func, Long.MIN_VALUE, Long.MAX_VALUE)) {
        assertThat(drain(set).get(0).samples()).as(func).endsWith(new S(60_000, 48), new S(70_000, 54));
      }
    }
    try (DedupSeriesSet set = new DedupSeriesSet(CloseableIterator.of(in), Set.of("replica"), DedupAlgorithm.PENALTY,
        "max_over_time", Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(drain(set).get(0).samples()).endsWith(new S(60_000, 44), new S(70_000, 50));
    }
  }

  @Test
  void withoutReplicaLabelsNothingIsGroupedAndOverlapsMergeByTimestamp() {
    List<SeriesResponse> in = List.of(
        series(A1, both(chunks(of(0, 1, 10, 1, 20, 1), 120), chunks(of(10, 1, 15, 2), 120))),
        series(Labels.of("a", "1", "replica", "x"), chunks(of(0, 7), 120)));
    try (DedupSeriesSet set = new DedupSeriesSet(CloseableIterator.of(in), List.of(), DedupAlgorithm.PENALTY, "",
        Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(drain(set)).containsExactly(new Result(A1, of(0, 1, 10, 1, 15, 2, 20, 1)),
          new Result(Labels.of("a", "1", "replica", "x"), of(0, 7)));
    }
  }

  @Test
  void samplesAreClippedToTheQueriedRange() {
    List<SeriesResponse> in = List.of(series(A1, chunks(every(0, 100_000, 10_000, 0), 4)));
    try (DedupSeriesSet set = new DedupSeriesSet(CloseableIterator.of(in), Set.of("replica"), DedupAlgorithm.PENALTY, "",
        25_000, 60_000)) {
      assertThat(drain(set).get(0).samples()).isEqualTo(every(30_000, 60_000, 10_000, 0));
    }
  }

  @Test
  void chunksWithoutRawDataAreRefusedClearly() {
    AggrChunk aggregate = AggrChunk.newBuilder().setMinTime(0).setMaxTime(10)
        .setCount(Chunk.newBuilder().setType(Chunk.Encoding.XOR)).build();
    try (DedupSeriesSet set = new DedupSeriesSet(CloseableIterator.of(List.of(series(A1, List.of(aggregate)))),
        Set.of(), DedupAlgorithm.PENALTY, "", 0, 100)) {
      assertThat(set.next()).isTrue();
      assertThatThrownBy(set::iterator).isInstanceOf(StoreException.class).hasMessageContaining("downsampled");
    }
  }

  @Test
  void closesItsInput() {
    boolean[] closed = {false};
    CloseableIterator<SeriesResponse> in = new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return false;
      }

      @Override
      public SeriesResponse next() {
        throw new java.util.NoSuchElementException();
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };
    new DedupSeriesSet(in, Set.of(), DedupAlgorithm.CHAIN, "", 0, 1).close();
    assertThat(closed[0]).isTrue();
    assertThat(DedupAlgorithm.parse("")).isEqualTo(DedupAlgorithm.PENALTY);
    assertThat(DedupAlgorithm.parse("chain")).isEqualTo(DedupAlgorithm.CHAIN);
    assertThatThrownBy(() -> DedupAlgorithm.parse("best")).isInstanceOf(IllegalArgumentException.class);
  }
}
