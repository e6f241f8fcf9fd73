package io.strata.tools.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FloatParserTest {
  private static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return FloatParser.parse(b, 0, b.length);
  }

  @Test
  void fastPathAgreesWithParseDoubleBitForBit() {
    Random r = new Random(9);
    for (int i = 0; i < 200_000; i++) {
      String s = switch (i % 4) {
        case 0 -> Long.toString(r.nextLong() >> r.nextInt(64));
        case 1 -> String.format("%.3f", r.nextDouble() * Math.pow(10, r.nextInt(12)));
        case 2 -> Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
        default -> (r.nextInt(1_000_000_000) + "." + r.nextInt(1000)) + "e" + (r.nextInt(50) - 25);
      };
      assertThat(Double.doubleToRawLongBits(parse(s))).as(s)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }
  }

  @Test
  void goSpecialValues() {
    assertThat(parse("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(parse("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Double.doubleToRawLongBits(parse("nan"))).isEqualTo(0x7FF8000000000001L);
    assertThat(Double.doubleToRawLongBits(parse("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(parse(".5")).isEqualTo(0.5);
    assertThat(parse("5.")).isEqualTo(5.0);
    assertThat(parse("1E3")).isEqualTo(1000.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "+", ".", "1e", "1e+", "0x1p3", "1_0", "1d", "1f", " 1", "1 ", "-nan", "+NaN", "in", "--1"})
  void rejectsWhatGoRejects(String s) {
    assertThatThrownBy(() -> parse(s)).isInstanceOf(NumberFormatException.class);
  }
}
