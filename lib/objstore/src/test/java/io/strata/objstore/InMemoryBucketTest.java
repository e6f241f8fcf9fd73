package io.strata.objstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryBucketTest extends BucketContractTest {

  @Override
  protected Bucket createBucket() {
    return new InMemoryBucket();
  }

  @Test
  void snapshotsAndClock() throws IOException {
    Instant fixed = Instant.parse("2026-01-02T03:04:05Z");
    try (InMemoryBucket b = new InMemoryBucket("mem", Clock.fixed(fixed, ZoneOffset.UTC))) {
      b.upload("b", new java.io.ByteArrayInputStream(new byte[] {1}), 1);
      b.upload("a", new java.io.ByteArrayInputStream(new byte[] {2}), 1);

      assertThat(b.names()).containsExactly("a", "b");
      assertThat(b.objects().get("b")).containsExactly(1);
      assertThat(b.attributes("a").lastModified()).isEqualTo(fixed);
      assertThat(b.name()).isEqualTo("mem");
    }
  }

  @Test
  void listsInCodePointOrderLikeS3() throws IOException {
    // U+FFFD is one UTF-16 unit, U+1F600 two surrogates; UTF-8 (and S3) put U+FFFD first.
    put("k\uD83D\uDE00", "emoji");
    put("k\uFFFD", "replacement");
    put("k~", "ascii");

    assertThat(list("", true)).containsExactly("k~", "k\uFFFD", "k\uD83D\uDE00");
    assertThat(ObjectNames.compareCodePoints("a", "ab")).isNegative();
  }
}
