package io.strata.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void sortsByNameAndDropsEmptyValues() {
    Labels l = Labels.of("job", "api", "__name__", "up", "instance", "", "a", "1");
    assertThat(l.toString()).isEqualTo("{__name__=\"up\", a=\"1\", job=\"api\"}");
    assertThat(l.size()).isEqualTo(3);
    assertThat(l.get("job")).isEqualTo("api");
    assertThat(l.get("instance")).isEmpty();
    assertThat(l.has("instance")).isFalse();
    assertThat(l.metricName()).isEqualTo("up");
  }

  @Test
  void rejectsDuplicateNamesAndOddArguments() {
    assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("duplicate label name a");
    assertThatThrownBy(() -> Labels.of("a")).hasMessageContaining("pairs");
  }

  @Test
  void ofSortedVerifiesOrder() {
    assertThat(Labels.ofSorted(new String[] {"a", "1", "b", "2"})).isEqualTo(Labels.of("b", "2", "a", "1"));
    assertThatThrownBy(() -> Labels.ofSorted(new String[] {"b", "1", "a", "2"}))
        .hasMessageContaining("not strictly ascending");
    assertThatThrownBy(() -> Labels.ofSorted(new String[] {"a", ""})).hasMessageContaining("empty value");
  }

  @Test
  void equalityAndHashIgnoreConstructionOrder() {
    Labels a = Labels.of("x", "1", "y", "2");
    Labels b = Labels.fromMap(Map.of("y", "2", "x", "1"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Labels.of("x", "1", "y", "3"));
  }

  @Test
  void compareIsPrometheusLabelsCompare() {
    // Names first, then values; a prefix sorts first.
    List<Labels> sorted = List.of(
        Labels.of("a", "1"),
        Labels.of("a", "1", "b", "1"),
        Labels.of("a", "1", "c", "0"),
        Labels.of("a", "2"),
        Labels.of("b", "0"));
    List<Labels> shuffled = new ArrayList<>(sorted);
    java.util.Collections.shuffle(shuffled, new Random(1));
    shuffled.sort(null);
    assertThat(shuffled).containsExactlyElementsOf(sorted);
  }

  @Test
  void compareUsesUtf8ByteOrderNotUtf16() {
    String bmpHigh = "\uFF61"; // U+FF61, UTF-8 EF BD A1
    String astral = "\uD83D\uDE00"; // U+1F600, UTF-8 F0 9F 98 80
    assertThat(bmpHigh.compareTo(astral)).isPositive(); // Java's order
    assertThat(Utf8Order.compare(bmpHigh, astral)).isNegative(); // Go's order
    assertThat(Labels.of("a", bmpHigh).compareTo(Labels.of("a", astral))).isNegative();
  }

  @Test
  void utf8OrderAgreesWithByteComparisonOnRandomStrings() {
    Random r = new Random(42);
    int[] pool = {'a', 'z', 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    for (int i = 0; i < 10_000; i++) {
      String a = randomString(r, pool);
      String b = randomString(r, pool);
      int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
          b.getBytes(StandardCharsets.UTF_8)));
      assertThat(Integer.signum(Utf8Order.compare(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
    }
  }

  private static String randomString(Random r, int[] pool) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      b.appendCodePoint(pool[r.nextInt(pool.length)]);
    }
    return b.toString();
  }

  @Test
  void withoutKeepAndMerge() {
    Labels l = Labels.of("__name__", "up", "job", "api", "replica", "a");
    assertThat(l.without("replica")).isEqualTo(Labels.of("__name__", "up", "job", "api"));
    assertThat(l.withoutMetricName()).isEqualTo(Labels.of("job", "api", "replica", "a"));
    assertThat(l.keep(List.of("job"))).isEqualTo(Labels.of("job", "api"));
    Labels external = Labels.of("cluster", "eu", "job", "ignored");
    assertThat(l.mergedWith(external))
        .isEqualTo(Labels.of("__name__", "up", "cluster", "eu", "job", "api", "replica", "a"));
  }

  @Test
  void builderSetsAndDeletes() {
    Labels l = Labels.of("a", "1", "b", "2").toBuilder().set("a", "9").del("b").set("c", "3").build();
    assertThat(l).isEqualTo(Labels.of("a", "9", "c", "3"));
    assertThat(Labels.builder().build()).isSameAs(Labels.EMPTY);
  }

  @Test
  void toStringQuotesLikeGo() {
    assertThat(Labels.of("a", "x\"y\\z\n\t\u0001é").toString())
        .isEqualTo("{a=\"x\\\"y\\\\z\\n\\t\\x01é\"}");
  }
}
