package io.strata.store.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.Labels;
import io.strata.objstore.InMemoryBucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.encoding.ByteArraySource;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.index.IndexFileReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index-header against the full index reader: same symbols, names, values and postings offsets. */
class IndexHeaderTest {
  @TempDir Path tmp;
  InMemoryBucket bucket;
  BlockMeta meta;
  byte[] index;

  @BeforeEach
  void setUp() throws Exception {
    bucket = new InMemoryBucket();
    List<TestBlocks.TestSeries> series = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int k = i;
      series.add(new TestBlocks.TestSeries(Labels.of("__name__", "m" + (i % 7), "pod", "pod-" + i, "zone",
          "z" + (i % 40), "x", i % 2 == 0 ? "even" : "odd"), t -> k));
    }
    meta = new TestBlocks(tmp).raw(bucket, Map.of("cluster", "a"), TestBlocks.T0, TestBlocks.T0 + 600_000, series);
    index = bucket.objects().get(meta.ulid() + "/index");
  }

  private Path build() throws Exception {
    Path dest = tmp.resolve("h").resolve("index-header");
    IndexHeaderWriter.build(bucket, meta.ulid(), -1, dest);
    return dest;
  }

  @Test
  void answersLikeTheFullIndexReader() throws Exception {
    try (IndexHeaderReader h = IndexHeaderReader.open(build());
        IndexFileReader full = new IndexFileReader(new ByteArraySource("index", index))) {
      assertThat(h.symbolCount()).isEqualTo(full.symbolCount());
      for (int i = 0; i < h.symbolCount(); i++) {
        assertThat(h.symbol(i)).isEqualTo(full.symbol(i));
      }
      assertThat(h.labelNames()).isEqualTo(full.labelNames());
      assertThat(h.lastPostingsEnd()).isEqualTo(full.toc().postingsTable());
      for (String name : full.labelNames()) {
        List<String> values = full.labelValues(name);
        assertThat(h.labelValues(name)).isEqualTo(values);
        for (String v : values) {
          IndexHeaderReader.PostingsRange r = h.postingsRange(name, v);
          assertThat(r.start()).isEqualTo(full.postingsOffset(name, v));
          int len = ByteBuffer.wrap(index).getInt((int) r.start());
          assertThat(r.end()).isEqualTo(r.start() + 4 + len + 4);
        }
        List<long[]> visited = new ArrayList<>();
        h.forEachValue(name, (v, s, e) -> visited.add(new long[] {s, e}));
        assertThat(visited).hasSameSizeAs(values);
      }
      IndexHeaderReader.PostingsRange all = h.postingsRange("", "");
      assertThat(all.start()).isEqualTo(full.postingsOffset("", ""));
      assertThat(h.postingsRange("pod", "pod-")).isNull();
      assertThat(h.postingsRange("pod", "pod-00")).isNull();
      assertThat(h.postingsRange("pod", "zzz")).isNull();
      assertThat(h.postingsRange("nope", "x")).isNull();
      assertThat(h.labelValues("nope")).isEmpty();
      assertThat(h.heapEstimate()).isPositive();
    }
  }

  @Test
  void usesThanosBinaryIndexHeaderLayout() throws Exception {
    byte[] b = Files.readAllBytes(build());
    ByteBuffer buf = ByteBuffer.wrap(b);
    assertThat(buf.getInt(0)).isEqualTo(0xBAAAD792);
    assertThat(b[4]).isEqualTo((byte) 1);
    assertThat(b[5]).isEqualTo((byte) 2);
    long symbolsRef = buf.getLong(b.length - 20);
    long tableRef = buf.getLong(b.length - 12);
    assertThat(symbolsRef).isEqualTo(14);
    // The symbol table is a verbatim copy of the index's, starting at index offset 5.
    int symLen = buf.getInt(14);
    assertThat(java.util.Arrays.copyOfRange(b, 14, 14 + 8 + symLen))
        .isEqualTo(java.util.Arrays.copyOfRange(index, 5, 5 + 8 + symLen));
    assertThat(tableRef).isGreaterThan(14 + 8 + symLen - 1);
    assertThat(b.length).isLessThan(index.length);
  }

  @Test
  void detectsDamage() throws Exception {
    Path p = build();
    byte[] b = Files.readAllBytes(p);
    b[20] ^= 0x55;
    Files.write(p, b);
    assertThatThrownBy(() -> IndexHeaderReader.open(p)).isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("CRC32C mismatch in symbol table");
    Files.write(p, java.util.Arrays.copyOf(b, 10));
    assertThatThrownBy(() -> IndexHeaderReader.open(p)).isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void rejectsABrokenIndexWithoutReadingAllOfIt() throws Exception {
    String name = meta.ulid() + "/index";
    byte[] bad = index.clone();
    bad[0] = 0;
    bucket.upload(name, new java.io.ByteArrayInputStream(bad), bad.length);
    assertThatThrownBy(this::build).isInstanceOf(CorruptBlockException.class).hasMessageContaining("wrong magic");
    byte[] truncated = java.util.Arrays.copyOf(index, index.length - 30);
    bucket.upload(name, new java.io.ByteArrayInputStream(truncated), truncated.length);
    assertThatThrownBy(this::build).isInstanceOf(CorruptBlockException.class);
    Files.createDirectories(tmp.resolve("h"));
    try (var files = Files.list(tmp.resolve("h"))) {
      assertThat(files.toList()).as("no temporary file left behind").isEmpty();
    }
  }
}
