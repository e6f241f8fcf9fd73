package io.strata.objstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The contract through a prefix, plus isolation from what lies outside it. */
class PrefixedBucketTest extends BucketContractTest {
  private InMemoryBucket underlying;

  @Override
  protected Bucket createBucket() {
    underlying = new InMemoryBucket();
    return new PrefixedBucket(underlying, "/tenant-a/");
  }

  @Test
  void objectsLiveUnderThePrefixAndOthersAreInvisible() throws IOException {
    underlying.upload("tenant-b/x", new java.io.ByteArrayInputStream(new byte[1]), 1);
    underlying.upload("tenant-a-sibling", new java.io.ByteArrayInputStream(new byte[1]), 1);
    put("01H/meta.json", "{}");

    assertThat(underlying.names()).contains("tenant-a/01H/meta.json");
    assertThat(list("", false)).containsExactly("01H/");
    assertThat(list("", true)).containsExactly("01H/meta.json");
    assertThat(new String(read("01H/meta.json"), UTF_8)).isEqualTo("{}");
    assertThat(bucket.exists("x")).isFalse();
    assertThat(((PrefixedBucket) bucket).prefix()).isEqualTo("tenant-a/");
  }

  @Test
  void emptyPrefixIsRejected() {
    assertThatThrownBy(() -> new PrefixedBucket(new InMemoryBucket(), "//")).isInstanceOf(IllegalArgumentException.class);
  }
}
