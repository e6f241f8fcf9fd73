package io.strata.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import io.strata.tsdb.encoding.ByteArraySource;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads an index written by Prometheus (see the fixture's README). */
class IndexFileReaderGoldenTest {

  private static byte[] fixture() throws Exception {
    try (InputStream in = IndexFileReaderGoldenTest.class.getResourceAsStream("/thanos-out-of-order-chunks/index")) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsPrometheusWrittenIndex() throws Exception {
    try (IndexFileReader r = new IndexFileReader(new ByteArraySource("index", fixture()))) {
      assertThat(r.version()).isEqualTo(2);
      assertThat(r.toc()).isEqualTo(new Toc(5, 0x18, 0x52, 0x88, 0x68, 0x9b));
      assertThat(r.symbolCount()).isEqualTo(2);
      assertThat(r.symbol(0)).isEqualTo("1");
      assertThat(r.symbol(1)).isEqualTo("lbl1");
      assertThat(r.labelNames()).containsExactly("lbl1");
      assertThat(r.labelValues("lbl1")).containsExactly("1");
      assertThat(r.postingsOffset("", "")).isEqualTo(0x68);
      assertThat(r.postingsOffset("lbl1", "1")).isEqualTo(0x78);
      assertThat(Postings.toArray(r.allPostings())).containsExactly(2);
      assertThat(Postings.toArray(r.postings("lbl1", List.of("1")))).containsExactly(2);
      SeriesEntry e = new SeriesEntry();
      r.series(2, e);
      assertThat(e.labels()).isEqualTo(Labels.of("lbl1", "1"));
      assertThat(e.chunks().size()).isEqualTo(2);
      // The fixture exercises extreme chunk metas (its purpose in Thanos's tests).
      assertThat(e.chunks().minTime(0)).isEqualTo(Long.MAX_VALUE - 2);
      assertThat(e.chunks().maxTime(0)).isEqualTo(Long.MAX_VALUE - 1);
      assertThat(e.chunks().ref(0)).isEqualTo(6148117764519163532L);
    }
  }
}
