package io.strata.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {
  @ParameterizedTest(name = "{0} -> f:{1} e:{2} g:{3}")
  @CsvSource(delimiter = '|', value = {
    "1|1|1e+00|1",
    "0.1|0.1|1e-01|0.1",
    "1234567.891|1234567.891|1.234567891e+06|1.234567891e+06",
    "1e20|100000000000000000000|1e+20|1e+20",
    "1e21|1000000000000000000000|1e+21|1e+21",
    "1.5e-7|0.00000015|1.5e-07|1.5e-07",
    "-0.0|-0|-0e+00|-0",
    "0.0|0|0e+00|0",
    "NaN|NaN|NaN|NaN",
    "Infinity|+Inf|+Inf|+Inf",
    "-Infinity|-Inf|-Inf|-Inf",
    "100000|100000|1e+05|100000",
    "1000000|1000000|1e+06|1e+06",
    "0.0001|0.0001|1e-04|0.0001",
    "0.00001|0.00001|1e-05|1e-05",
    "-2.5|-2.5|-2.5e+00|-2.5",
    "1.1|1.1|1.1e+00|1.1",
  })
  void formats(double v, String f, String e, String g) {
    assertThat(GoFloat.formatF(v)).isEqualTo(f);
    assertThat(GoFloat.formatE(v)).isEqualTo(e);
    assertThat(GoFloat.formatG(v)).isEqualTo(g);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "1|1", "0.1|0.1", "1234567.891|1234567.891", "1e20|100000000000000000000", "1e21|1e+21",
    "1.5e-7|1.5e-07", "-0.0|-0", "NaN|NaN", "Infinity|+Inf", "-Infinity|-Inf",
  })
  void formatsSamplesLikeTheHttpApi(double v, String expected) {
    assertThat(GoFloat.formatSample(v)).isEqualTo(expected);
  }

  /** The 'f' form equals the exact decimal of Java's shortest digits, for doubles of every magnitude. */
  @Test
  void plainFormIsTheShortestRoundTripDigitsForRandomDoubles() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
        continue;
      }
      String f = GoFloat.formatF(v);
      assertThat(f).isEqualTo(new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString());
      assertThat(Double.parseDouble(f)).isEqualTo(v);
    }
  }
}
