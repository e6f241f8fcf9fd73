package io.strata.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.tsdb.encoding.ByteArraySource;
import io.strata.tsdb.encoding.CorruptBlockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexRoundTripTest {
  @TempDir Path tmp;

  /** Series {job, instance, [env]} with a few thousand distinct values, sorted. */
  static List<Labels> sampleSeries(int n, Random r) {
    TreeSet<Labels> set = new TreeSet<>();
    while (set.size() < n) {
      Labels.Builder b = Labels.builder()
          .set("__name__", "m" + r.nextInt(20))
          .set("job", "job-" + r.nextInt(7))
          .set("instance", "host-" + r.nextInt(3000) + ":9100");
      if (r.nextBoolean()) {
        b.set("env", r.nextBoolean() ? "prod" : "dev");
      }
      if (r.nextInt(50) == 0) {
        b.set("unicode", "ünï\u00e9\uD83D\uDE00" + r.nextInt(3));
      }
      set.add(b.build());
    }
    return new ArrayList<>(set);
  }

  static TreeSet<String> symbols(List<Labels> series) {
    TreeSet<String> syms = new TreeSet<>(Utf8Order.COMPARATOR);
    for (Labels l : series) {
      for (int i = 0; i < l.size(); i++) {
        syms.add(l.name(i));
        syms.add(l.value(i));
      }
    }
    return syms;
  }

  private Path write(List<Labels> series) throws Exception {
    Path f = tmp.resolve("index");
    try (IndexWriter w = new IndexWriter(f)) {
      w.addSymbols(symbols(series).iterator());
      long ref = 8;
      for (int i = 0; i < series.size(); i++) {
        ChunkMetaList c = new ChunkMetaList();
        for (int k = 0; k < i % 4; k++) {
          c.add(k * 1000L - 500, k * 1000L + 499, ref);
          ref += 100 + k;
        }
        w.addSeries(series.get(i), c);
      }
      w.finish();
    }
    return f;
  }

  @Test
  void roundTripsSeriesPostingsAndLabelValues() throws Exception {
    Random r = new Random(11);
    List<Labels> series = sampleSeries(5000, r);
    Path f = write(series);
    try (IndexFileReader ix = IndexFileReader.open(f)) {
      long[] all = Postings.toArray(ix.allPostings());
      assertThat(all).hasSize(series.size());
      SeriesEntry e = new SeriesEntry();
      for (int i = 0; i < all.length; i++) {
        ix.series(all[i], e);
        assertThat(e.labels()).isEqualTo(series.get(i));
        assertThat(e.chunks().size()).isEqualTo(i % 4);
        if (i % 4 > 1) {
          assertThat(e.chunks().minTime(1)).isEqualTo(500);
          assertThat(e.chunks().maxTime(1)).isEqualTo(1499);
        }
      }
      TreeSet<String> instances = new TreeSet<>(Utf8Order.COMPARATOR);
      series.forEach(l -> instances.add(l.get("instance")));
      assertThat(ix.labelValues("instance")).containsExactlyElementsOf(instances);
      assertThat(ix.labelNames()).containsExactly("__name__", "env", "instance", "job", "unicode");
      assertThat(ix.labelValues("nope")).isEmpty();
      // Every value's postings equal a brute-force scan.
      for (String inst : List.of(instances.first(), instances.last(), "host-1234:9100", "missing")) {
        long[] got = Postings.toArray(ix.postings("instance", List.of(inst)));
        List<Long> want = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
          if (series.get(i).get("instance").equals(inst)) {
            want.add(all[i]);
          }
        }
        assertThat(got).containsExactly(longs(want));
      }
    }
  }

  @Test
  void postingsForMatchersAgreesWithBruteForce() throws Exception {
    Random r = new Random(5);
    List<Labels> series = sampleSeries(3000, r);
    Path f = write(series);
    List<List<LabelMatcher>> cases = List.of(
        List.of(LabelMatcher.equal("job", "job-3")),
        List.of(LabelMatcher.equal("job", "job-3"), LabelMatcher.notEqual("env", "prod")),
        List.of(LabelMatcher.equal("env", "")),
        List.of(LabelMatcher.notEqual("env", "")),
        List.of(LabelMatcher.regex("instance", "host-1.*"), LabelMatcher.notRegex("job", "job-1|job-2")),
        List.of(LabelMatcher.regex("job", "job-1|job-5"), LabelMatcher.regex("env", "prod|")),
        List.of(LabelMatcher.regex("job", ".+"), LabelMatcher.notRegex("env", ".+")),
        List.of(LabelMatcher.regex("job", ".*")),
        List.of(LabelMatcher.notRegex("job", ".*")),
        List.of(LabelMatcher.regex("__name__", "m1[0-9]"), LabelMatcher.notEqual("instance", "host-7:9100")),
        List.of(LabelMatcher.equal("nope", "")),
        List.of(LabelMatcher.equal("nope", "x")));
    try (IndexFileReader ix = IndexFileReader.open(f)) {
      long[] all = Postings.toArray(ix.allPostings());
      for (List<LabelMatcher> ms : cases) {
        List<Long> want = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
          Labels l = series.get(i);
          if (ms.stream().allMatch(m -> m.matches(l.get(m.name())))) {
            want.add(all[i]);
          }
        }
        assertThat(Postings.toArray(PostingsForMatchers.select(ix, ms))).as(ms.toString())
            .containsExactly(longs(want));
      }
    }
  }

  @Test
  void emptyIndexIsValid() throws Exception {
    Path f = write(List.of());
    try (IndexFileReader ix = IndexFileReader.open(f)) {
      assertThat(Postings.toArray(ix.allPostings())).isEmpty();
      assertThat(ix.labelNames()).isEmpty();
    }
  }

  @Test
  void writerRejectsOutOfOrderInput() throws Exception {
    try (IndexWriter w = new IndexWriter(tmp.resolve("i1"))) {
      assertThatThrownBy(() -> w.addSymbols(List.of("b", "a").iterator())).hasMessageContaining("not strictly ascending");
    }
    try (IndexWriter w = new IndexWriter(tmp.resolve("i2"))) {
      w.addSymbols(List.of("a", "b").iterator());
      w.addSeries(Labels.of("a", "b"), new ChunkMetaList());
      assertThatThrownBy(() -> w.addSeries(Labels.of("a", "b"), new ChunkMetaList())).hasMessageContaining("out of order");
      assertThatThrownBy(() -> w.addSeries(Labels.of("b", "c"), new ChunkMetaList())).hasMessageContaining("not in the symbol table");
      ChunkMetaList overlapping = new ChunkMetaList();
      overlapping.add(0, 10, 8);
      overlapping.add(10, 20, 20);
      assertThatThrownBy(() -> w.addSeries(Labels.of("b", "a"), overlapping)).hasMessageContaining("not after the previous chunk");
    }
  }

  @Test
  void everySingleByteFlipOfTheFixedSectionsIsDetected() throws Exception {
    List<Labels> series = sampleSeries(50, new Random(1));
    byte[] good = Files.readAllBytes(write(series));
    int detected = 0;
    for (int pos = 0; pos < good.length; pos++) {
      byte[] bad = good.clone();
      bad[pos] ^= 0x10;
      try (IndexFileReader ix = new IndexFileReader(new ByteArraySource("index", bad))) {
        long[] all = Postings.toArray(ix.allPostings());
        SeriesEntry e = new SeriesEntry();
        for (long ref : all) {
          ix.series(ref, e);
        }
        for (String n : ix.labelNames()) {
          for (String v : ix.labelValues(n)) {
            Postings.toArray(ix.postings(n, List.of(v)));
          }
        }
        // Only padding bytes may change without detection.
        assertThat(good[pos]).as("undetected flip of a non-padding byte at %d", pos).isZero();
      } catch (CorruptBlockException ex) {
        assertThat(ex.getMessage()).startsWith("index");
        detected++;
      }
    }
    assertThat(detected).isGreaterThan(good.length / 2);
  }

  @Test
  void truncatedIndexIsRejectedWithOffset() throws Exception {
    byte[] good = Files.readAllBytes(write(sampleSeries(20, new Random(2))));
    for (int len : new int[] {0, 4, 40, good.length / 2, good.length - 1}) {
      byte[] bad = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> new IndexFileReader(new ByteArraySource("index", bad)).close())
          .isInstanceOf(CorruptBlockException.class).hasMessageStartingWith("index");
    }
  }

  private static long[] longs(java.util.Collection<Long> c) {
    return c.stream().mapToLong(Long::longValue).toArray();
  }
}
