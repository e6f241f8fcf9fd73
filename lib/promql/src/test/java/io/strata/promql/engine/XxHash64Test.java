package io.strata.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XxHash64Test {
  private static long h(String s) {
    return XxHash64.hash(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void matchesReferenceVectors() {
    assertThat(h("")).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(h("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(h("abc")).isEqualTo(0x44BC2CF5AD770999L);
  }

  @Test
  void unsignedConversionRoundsLikeGo() {
    assertThat(XxHash64.unsignedToDouble(-1L)).isEqualTo(1.8446744073709552e19);
    assertThat(XxHash64.unsignedToDouble(1L << 63)).isEqualTo(9.223372036854775808e18);
  }
}
