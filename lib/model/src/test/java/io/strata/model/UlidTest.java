package io.strata.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UlidTest {
  @Test
  void roundTripsAndKeepsTime() {
    Random r = new Random(3);
    for (int i = 0; i < 1000; i++) {
      long t = r.nextLong(0, 1L << 48);
      Ulid u = Ulid.generate(t, r);
      assertThat(u.timestampMillis()).isEqualTo(t);
      assertThat(Ulid.parse(u.toString())).isEqualTo(u);
      assertThat(u.toString()).hasSize(26);
    }
  }

  @Test
  void parsesAKnownBlockId() {
    // The first 10 characters are the 48-bit time: 01DRBP4RNV = 1572350354107 (2019-10-29).
    Ulid u = Ulid.parse("01DRBP4RNVZ94135ZA6B10EMRR");
    assertThat(u.toString()).isEqualTo("01DRBP4RNVZ94135ZA6B10EMRR");
    assertThat(u.timestampMillis()).isEqualTo(1572350354107L);
    assertThat(Ulid.parse("01drbp4rnvz94135za6b10emrr")).isEqualTo(u);
  }

  @Test
  void sortsByTime() {
    Ulid a = Ulid.generate(1000);
    Ulid b = Ulid.generate(2000);
    assertThat(a).isLessThan(b);
    assertThat(a.toString().compareTo(b.toString())).isNegative();
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> Ulid.parse("01DRBP4RNV")).hasMessageContaining("26 characters");
    assertThatThrownBy(() -> Ulid.parse("01DRBP4RNVZ94135ZA6B10EMRU")).hasMessageContaining("'U' at position 25");
    assertThatThrownBy(() -> Ulid.parse("81DRBP4RNVZ94135ZA6B10EMRR")).hasMessageContaining("overflows");
  }
}
