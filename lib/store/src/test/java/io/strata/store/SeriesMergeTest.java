package io.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Chunk;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesBatch;
import io.strata.proto.thanos.SeriesResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class SeriesMergeTest {
  static AggrChunk chunk(long min, long max, String data) {
    return AggrChunk.newBuilder().setMinTime(min).setMaxTime(max)
        .setRaw(Chunk.newBuilder().setType(Chunk.Encoding.XOR).setData(ByteString.copyFromUtf8(data))).build();
  }

  static SeriesResponse series(Labels l, AggrChunk... chunks) {
    return SeriesResponse.newBuilder().setSeries(Series.newBuilder().addAllLabels(ProtoConversions.toProto(l))
        .addAllChunks(List.of(chunks))).build();
  }

  static final class Tracked implements CloseableIterator<SeriesResponse> {
    final CloseableIterator<SeriesResponse> in;
    boolean closed;

    Tracked(SeriesResponse... rs) {
      in = CloseableIterator.of(List.of(rs));
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public SeriesResponse next() {
      return in.next();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static List<SeriesResponse> drain(SeriesMerge m) {
    List<SeriesResponse> out = new ArrayList<>();
    while (m.hasNext()) {
      out.add(m.next());
    }
    return out;
  }

  static final Labels A = Labels.of("a", "1");
  static final Labels B = Labels.of("a", "2");
  static final Labels C = Labels.of("a", "2", "b", "1");

  @Test
  void mergesSortedStreamsAndCombinesEqualSeries() {
    Tracked s1 = new Tracked(series(A, chunk(0, 10, "a1"), chunk(20, 30, "a2")), series(C, chunk(0, 5, "c")));
    Tracked s2 = new Tracked(series(A, chunk(0, 10, "a1"), chunk(5, 15, "x")), series(B, chunk(1, 2, "b")));
    Tracked s3 = new Tracked();
    SeriesMerge m = new SeriesMerge(List.of(s1, s2, s3));
    List<SeriesResponse> out = drain(m);
    assertThat(out).extracting(r -> ProtoConversions.labels(r.getSeries().getLabelsList())).containsExactly(A, B, C);
    // Identical chunk (0,10,"a1") once; the rest sorted by min time.
    assertThat(out.get(0).getSeries().getChunksList())
        .containsExactly(chunk(0, 10, "a1"), chunk(5, 15, "x"), chunk(20, 30, "a2"));
    assertThat(out.get(1).getSeries().getChunksList()).containsExactly(chunk(1, 2, "b"));
    m.close();
    assertThat(List.of(s1.closed, s2.closed, s3.closed)).containsOnly(true);
    assertThat(m.hasNext()).isFalse();
  }

  @Test
  void chunksDifferingOnlyInBytesOrMaxTimeAreKept() {
    SeriesMerge m = new SeriesMerge(List.of(new Tracked(series(A, chunk(0, 10, "p"))),
        new Tracked(series(A, chunk(0, 10, "q"))), new Tracked(series(A, chunk(0, 11, "p")))));
    assertThat(drain(m).get(0).getSeries().getChunksList())
        .containsExactly(chunk(0, 10, "p"), chunk(0, 10, "q"), chunk(0, 11, "p"));
  }

  @Test
  void aHashFieldDoesNotPreventDeduplication() {
    AggrChunk hashed = chunk(0, 10, "p").toBuilder().setRaw(chunk(0, 10, "p").getRaw().toBuilder().setHash(42)).build();
    SeriesMerge m = new SeriesMerge(List.of(new Tracked(series(A, hashed)), new Tracked(series(A, chunk(0, 10, "p")))));
    assertThat(drain(m).get(0).getSeries().getChunksCount()).isEqualTo(1);
  }

  @Test
  void aSeriesRepeatedWithinOneStreamIsJoined() {
    // Thanos stores may split a long series over consecutive frames.
    SeriesMerge m = new SeriesMerge(List.of(new Tracked(series(A, chunk(0, 10, "1")), series(A, chunk(11, 20, "2")),
        series(B, chunk(0, 1, "3")))));
    List<SeriesResponse> out = drain(m);
    assertThat(out).hasSize(2);
    assertThat(out.get(0).getSeries().getChunksList()).containsExactly(chunk(0, 10, "1"), chunk(11, 20, "2"));
  }

  @Test
  void warningsPassThroughAndBatchesAreUnpacked() {
    SeriesResponse batch = SeriesResponse.newBuilder().setBatch(SeriesBatch.newBuilder()
        .addSeries(series(A, chunk(0, 1, "a")).getSeries()).addSeries(series(C, chunk(0, 1, "c")).getSeries())).build();
    SeriesMerge m = new SeriesMerge(List.of(new Tracked(batch),
        new Tracked(SeriesResponses.warning("w1"), series(B, chunk(0, 1, "b")), SeriesResponses.warning("w2"))));
    List<SeriesResponse> out = drain(m);
    assertThat(out.stream().filter(SeriesResponse::hasWarning).map(SeriesResponse::getWarning)).containsExactly("w1", "w2");
    assertThat(out.stream().filter(SeriesResponse::hasSeries).map(r -> ProtoConversions.labels(r.getSeries().getLabelsList())))
        .containsExactly(A, B, C);
  }

  @Test
  void nothingToMerge() {
    SeriesMerge m = new SeriesMerge(List.of());
    assertThat(m.hasNext()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(m::next).isInstanceOf(NoSuchElementException.class);
  }
}
