package io.strata.objstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketFactoryTest {
  @TempDir
  Path dir;

  @Test
  void inlineFilesystemConfig() throws IOException {
    String yaml = "type: FILESYSTEM\nconfig:\n  directory: " + dir.resolve("data") + "\n";
    try (Bucket bucket = BucketFactory.fromFlags("", yaml)) {
      assertThat(bucket).isInstanceOf(FilesystemBucket.class);
      bucket.upload("x", new ByteArrayInputStream("1".getBytes(UTF_8)), 1);
      assertThat(dir.resolve("data/x")).hasContent("1");
    }
  }

  @Test
  void configFileWithPrefix() throws IOException {
    Path file = Files.writeString(dir.resolve("objstore.yml"),
        "type: filesystem\nprefix: tenant\nconfig:\n  directory: " + dir.resolve("data") + "\n");
    try (Bucket bucket = BucketFactory.fromFlags(file.toString(), null)) {
      assertThat(bucket).isInstanceOf(PrefixedBucket.class);
      bucket.upload("x", new ByteArrayInputStream("1".getBytes(UTF_8)), 1);
      assertThat(dir.resolve("data/tenant/x")).hasContent("1");
    }
  }

  @Test
  void s3ConfigBuildsAnS3BucketWithoutTouchingTheNetwork() throws IOException {
    try (Bucket bucket = BucketFactory.fromFlags(null, """
                type: S3
                config: {bucket: blocks, endpoint: 127.0.0.1:1, insecure: true, access_key: a, secret_key: s}
                """)) {
      assertThat(bucket).isInstanceOf(S3Bucket.class);
      assertThat(bucket.name()).isEqualTo("blocks");
      assertThat(bucket.toString()).contains("http://127.0.0.1:1");
    }
  }

  @Test
  void exactlyOneFlagMustBeGiven() {
    assertThatThrownBy(() -> BucketFactory.fromFlags("a.yml", "type: S3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both --objstore.config-file and --objstore.config");
    assertThatThrownBy(() -> BucketFactory.fromFlags(null, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--objstore.config-file=<file> or --objstore.config=<yaml>");
  }

  @Test
  void missingFileAndBadContentNameTheFile() throws IOException {
    assertThatThrownBy(() -> BucketFactory.fromFlags(dir.resolve("absent.yml").toString(), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("absent.yml").hasMessageContaining("does not exist");
    Path bad = Files.writeString(dir.resolve("bad.yml"), "type: S3\nconfig:\n  bucket: b\n  secret: x\n");
    assertThatThrownBy(() -> BucketFactory.fromFlags(bad.toString(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yml").hasMessageContaining("unknown key config.secret");
  }
}
