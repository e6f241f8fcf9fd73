package io.strata.objstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FilesystemBucketTest extends BucketContractTest {
  private Path root;

  @Override
  protected Bucket createBucket() throws IOException {
    root = tempDir.resolve("bucket-root");
    return new FilesystemBucket(root);
  }

  @Test
  void objectsArePlainFilesUnderTheRoot() throws IOException {
    put("01H/chunks/000001", "chunk");

    assertThat(Files.readString(root.resolve("01H/chunks/000001"))).isEqualTo("chunk");
    assertThat(bucket.name()).isEqualTo(root.toAbsolutePath().toString());
  }

  @Test
  void namesThatEscapeTheRootAreRejected() {
    for (String name : new String[] {"../outside", "a/../../outside", "a/./b", "a//b", "..", "x/.."}) {
      assertThatThrownBy(() -> put(name, "x")).as(name).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> bucket.get(name)).as(name).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> bucket.delete(name)).as(name).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> bucket.iter("../", n -> { }, true)).isInstanceOf(IllegalArgumentException.class);
    assertThat(tempDir.resolve("outside")).doesNotExist();
  }

  @Test
  void uploadsLeaveNoTemporaryFilesAndDeletesPruneEmptyDirectories() throws IOException {
    put("a/b/c", "1");
    put("a/b/c", "2");
    put("a/d", "3");

    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()))
          .containsExactlyInAnyOrder("a/b/c", "a/d");
    }
    bucket.delete("a/b/c");
    assertThat(root.resolve("a/b")).doesNotExist();
    assertThat(root.resolve("a")).isDirectory();
    bucket.delete("a/d");
    assertThat(root.resolve("a")).doesNotExist();
    assertThat(root).isDirectory();
  }

  @Test
  void inFlightUploadsAreInvisible() throws IOException {
    put("dir/visible", "1");
    Files.createDirectories(root.resolve("pending"));
    Files.writeString(root.resolve("dir/" + FilesystemBucket.TEMP_PREFIX + "123.tmp"), "partial");
    Files.writeString(root.resolve("pending/" + FilesystemBucket.TEMP_PREFIX + "456.tmp"), "partial");

    assertThat(list("", false)).containsExactly("dir/");
    assertThat(list("", true)).containsExactly("dir/visible");
    assertThatThrownBy(() -> put("dir/" + FilesystemBucket.TEMP_PREFIX + "x", "y"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anObjectCannotShadowADirectory() throws IOException {
    put("a/b", "1");

    assertThatThrownBy(() -> put("a", "2")).isInstanceOf(IOException.class).hasMessageContaining("directory");
    assertThatThrownBy(() -> put("a/b/c", "3")).isInstanceOf(IOException.class);
    assertThat(new String(read("a/b"), UTF_8)).isEqualTo("1");
    assertThat(list("", true)).containsExactly("a/b");
  }
}
