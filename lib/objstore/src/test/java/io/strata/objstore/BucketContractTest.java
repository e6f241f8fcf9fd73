package io.strata.objstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Bucket} must have. Each implementation's test extends this class and supplies an
 * empty bucket per test; other modules reuse it for their own decorators through the objstore test-jar.
 */
public abstract class BucketContractTest {
  /** Crosses the multipart threshold of an S3 bucket configured with the 5 MiB minimum part size. */
  protected static final int LARGE_OBJECT_SIZE = 20 << 20;

  protected Bucket bucket;

  @TempDir
  protected Path tempDir;

  /** Returns a new, empty bucket; it is closed after the test. */
  protected abstract Bucket createBucket() throws Exception;

  @BeforeEach
  void openBucket() throws Exception {
    bucket = createBucket();
  }

  @AfterEach
  void closeBucket() throws IOException {
    if (bucket != null) {
      bucket.close();
    }
  }

  protected void put(String name, byte[] content) throws IOException {
    bucket.upload(name, new ByteArrayInputStream(content), content.length);
  }

  protected void put(String name, String content) throws IOException {
    put(name, content.getBytes(UTF_8));
  }

  protected byte[] read(String name) throws IOException {
    try (InputStream in = bucket.get(name)) {
      return in.readAllBytes();
    }
  }

  protected String readRange(String name, long offset, long length) throws IOException {
    try (InputStream in = bucket.getRange(name, offset, length)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  protected List<String> list(String dir, boolean recursive) throws IOException {
    List<String> names = new ArrayList<>();
    bucket.iter(dir, names::add, recursive);
    return names;
  }

  protected static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void uploadedObjectCanBeReadBack() throws IOException {
    put("dir/object", "hello bucket");

    assertThat(new String(read("dir/object"), UTF_8)).isEqualTo("hello bucket");
    assertThat(bucket.exists("dir/object")).isTrue();
  }

  @Test
  void uploadFromFileAndFromStreamOfUnknownLength() throws IOException {
    Path file = Files.write(tempDir.resolve("local"), "from a file".getBytes(UTF_8));
    bucket.upload("a/from-file", file);
    bucket.upload("a/unknown-length", new ByteArrayInputStream("no length".getBytes(UTF_8)), -1);

    assertThat(new String(read("a/from-file"), UTF_8)).isEqualTo("from a file");
    assertThat(new String(read("a/unknown-length"), UTF_8)).isEqualTo("no length");
  }

  @Test
  void emptyObject() throws IOException {
    put("empty", new byte[0]);

    assertThat(read("empty")).isEmpty();
    assertThat(bucket.attributes("empty").size()).isZero();
    assertThat(readRange("empty", 0, 10)).isEmpty();
    assertThat(readRange("empty", 0, -1)).isEmpty();
  }

  @Test
  void attributesReportSizeAndModificationTime() throws IOException {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
    put("meta.json", "{\"version\":1}");
    Instant after = Instant.now().plusSeconds(2);

    ObjectAttributes attrs = bucket.attributes("meta.json");
    assertThat(attrs.size()).isEqualTo(13);
    assertThat(attrs.lastModified()).isBetween(before, after);
  }

  @Test
  void overwriteReplacesTheWholeObject() throws IOException {
    put("x", "a much longer first version");
    put("x", "short");

    assertThat(new String(read("x"), UTF_8)).isEqualTo("short");
    assertThat(bucket.attributes("x").size()).isEqualTo(5);
    assertThat(list("", true)).containsExactly("x");
  }

  @Test
  void uploadOfTheSameContentTwiceIsHarmless() throws IOException {
    put("idempotent", "same");
    put("idempotent", "same");

    assertThat(new String(read("idempotent"), UTF_8)).isEqualTo("same");
  }

  @Test
  void failedUploadLeavesThePreviousObject() throws IOException {
    put("keep", "old content");
    InputStream shortStream = new ByteArrayInputStream(new byte[50]);

    assertThatThrownBy(() -> bucket.upload("keep", shortStream, 100)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> bucket.upload("never", new ByteArrayInputStream(new byte[3]), 10))
        .isInstanceOf(IOException.class);

    assertThat(new String(read("keep"), UTF_8)).isEqualTo("old content");
    assertThat(bucket.exists("never")).isFalse();
    assertThat(list("", true)).containsExactly("keep");
  }

  @Test
  void deleteRemovesTheObjectAndIsIdempotent() throws IOException {
    put("a/b", "1");
    put("a/c", "2");

    bucket.delete("a/b");
    bucket.delete("a/b");
    bucket.delete("never/existed");

    assertThat(bucket.exists("a/b")).isFalse();
    assertThat(bucket.exists("a/c")).isTrue();
    assertThat(list("", true)).containsExactly("a/c");
  }

  @Test
  void deletingTheLastObjectOfADirectoryRemovesTheDirectoryFromListings() throws IOException {
    put("d/e/f", "1");
    put("z", "2");

    bucket.delete("d/e/f");

    assertThat(list("", false)).containsExactly("z");
    assertThat(list("d", false)).isEmpty();
  }

  @Test
  void missingObjectIsReportedAsObjectNotFound() throws IOException {
    put("present", "1");

    assertThat(bucket.exists("missing")).isFalse();
    assertThatThrownBy(() -> bucket.get("missing")).isInstanceOf(ObjectNotFoundException.class)
        .satisfies(e -> assertThat(Bucket.isObjectNotFound(e)).isTrue())
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> bucket.getRange("missing", 0, 10)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> bucket.getRange("missing", 3, 0)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> bucket.attributes("missing")).isInstanceOf(ObjectNotFoundException.class);
    assertThat(Bucket.isObjectNotFound(new IOException("wrapped", new ObjectNotFoundException("b", "o")))).isTrue();
    assertThat(Bucket.isObjectNotFound(new IOException("other"))).isFalse();
  }

  @Test
  void aDirectoryIsNotAnObject() throws IOException {
    put("dir/child", "1");

    assertThat(bucket.exists("dir")).isFalse();
    assertThatThrownBy(() -> bucket.get("dir")).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> bucket.attributes("dir")).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void getRangeReturnsTheBytesThatExist() throws IOException {
    put("r", "0123456789");

    assertThat(readRange("r", 0, 10)).isEqualTo("0123456789");
    assertThat(readRange("r", 3, 4)).as("middle").isEqualTo("3456");
    assertThat(readRange("r", 4, -1)).as("to the end").isEqualTo("456789");
    assertThat(readRange("r", 7, 100)).as("past the end").isEqualTo("789");
    assertThat(readRange("r", 9, 1)).as("last byte").isEqualTo("9");
    assertThat(readRange("r", 10, 5)).as("at the end").isEmpty();
    assertThat(readRange("r", 15, -1)).as("beyond the end").isEmpty();
    assertThat(readRange("r", 2, 0)).as("zero length").isEmpty();
    assertThat(readRange("r", 5, Long.MAX_VALUE)).as("huge length").isEqualTo("56789");
    assertThatThrownBy(() -> bucket.getRange("r", -1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bucket.getRange("r", 0, -2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void iterListsDirectChildrenSortedWithDirectoriesEndingInSlash() throws IOException {
    for (String name : List.of("c/d/e", "b", "a/2/y", "a-b", "a/1", "a/2/x", "01/meta.json", "01/chunks/000001")) {
      put(name, name);
    }

    assertThat(list("", false)).containsExactly("01/", "a-b", "a/", "b", "c/");
    assertThat(list("a", false)).containsExactly("a/1", "a/2/");
    assertThat(list("a/", false)).containsExactly("a/1", "a/2/");
    assertThat(list("01", false)).containsExactly("01/chunks/", "01/meta.json");
    assertThat(list("c/d", false)).containsExactly("c/d/e");
    assertThat(list("nope", false)).isEmpty();
  }

  @Test
  void iterRecursiveListsEveryObjectSortedAndNoDirectories() throws IOException {
    for (String name : List.of("c/d/e", "b", "a/2/y", "a-b", "a/1", "a/2/x")) {
      put(name, name);
    }

    assertThat(list("", true)).containsExactly("a-b", "a/1", "a/2/x", "a/2/y", "b", "c/d/e");
    assertThat(list("a", true)).containsExactly("a/1", "a/2/x", "a/2/y");
    assertThat(list("a/2/", true)).containsExactly("a/2/x", "a/2/y");
    assertThat(list("missing/dir", true)).isEmpty();
  }

  @Test
  void iterOfAnEmptyBucketVisitsNothing() throws IOException {
    assertThat(list("", false)).isEmpty();
    assertThat(list("", true)).isEmpty();
  }

  @Test
  void iterStopsWhenTheVisitorThrows() throws IOException {
    put("1", "1");
    put("2", "2");
    List<String> seen = new ArrayList<>();

    assertThatThrownBy(() -> bucket.iter("", name -> {
      seen.add(name);
      throw new IllegalStateException("stop");
    }, true)).isInstanceOf(IllegalStateException.class).hasMessage("stop");
    assertThat(seen).containsExactly("1");
  }

  @Test
  void iterListsManyEntriesAcrossPages() throws IOException {
    // More than S3's 1000-key page, so listings must follow continuation tokens.
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1100; i++) {
      String name = String.format("many/%05d", i);
      put(name, "");
      expected.add(name);
    }

    assertThat(list("many", false)).containsExactlyElementsOf(expected);
    assertThat(list("", false)).containsExactly("many/");
  }

  @Test
  void invalidNamesAreRejected() {
    for (String name : Arrays.asList("", "/leading", "trailing/")) {
      assertThatThrownBy(() -> put(name, "x")).as(name).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> bucket.get(name)).as(name).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void largeObjectRoundTripsFromFileAndStreams() throws IOException {
    byte[] content = randomBytes(LARGE_OBJECT_SIZE + 12345, 42);
    Path file = Files.write(tempDir.resolve("large"), content);

    bucket.upload("large/file", file);
    try (InputStream in = new ByteArrayInputStream(content)) {
      bucket.upload("large/stream", in, content.length);
    }
    try (InputStream in = new ByteArrayInputStream(content)) {
      bucket.upload("large/unknown", in, -1);
    }

    for (String name : List.of("large/file", "large/stream", "large/unknown")) {
      assertThat(bucket.attributes(name).size()).as(name).isEqualTo(content.length);
      assertThat(read(name)).as(name).isEqualTo(content);
    }
    int boundary = 5 << 20;
    try (InputStream in = bucket.getRange("large/file", boundary - 10, 20)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, boundary - 10, boundary + 10));
    }
    try (InputStream in = bucket.getRange("large/stream", content.length - 100, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, content.length - 100, content.length));
    }
  }

  @Test
  void streamOfUnknownLengthExactlyOnePartLong() throws IOException {
    byte[] content = randomBytes(5 << 20, 7);
    bucket.upload("exact", new SequenceInputStream(new ByteArrayInputStream(content), InputStream.nullInputStream()), -1);

    assertThat(read("exact")).isEqualTo(content);
  }

  @Test
  void closingAStreamEarlyReleasesIt() throws IOException {
    byte[] content = randomBytes(4 << 20, 3);
    put("big", content);

    for (int i = 0; i < 30; i++) {
      try (InputStream in = bucket.get("big")) {
        assertThat(in.read()).isEqualTo(content[0] & 0xff);
      }
    }
    assertThat(read("big")).isEqualTo(content);
  }

  @Test
  void concurrentUploadsOfDifferentObjects() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            put("concurrent/" + thread + "/" + i, "t" + thread + "i" + i);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> names = list("concurrent", true);
    assertThat(names).hasSize(80).isSorted();
    assertThat(new String(read("concurrent/7/9"), UTF_8)).isEqualTo("t7i9");
    assertThat(list("concurrent", false)).hasSize(8);
  }

  @Test
  void readersNeverSeeAHalfWrittenObjectDuringOverwrites() throws Exception {
    int size = 256 * 1024;
    put("hot", filled(size, (byte) 0));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 1; w <= 2; w++) {
        byte fill = (byte) w;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < 15; i++) {
            put("hot", filled(size, fill));
          }
          return null;
        }));
      }
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int reads = 0;
          do {
            byte[] got = read("hot");
            assertThat(got).hasSize(size);
            for (byte b : got) {
              if (b != got[0]) {
                throw new AssertionError("mixed content: " + got[0] + " and " + b);
              }
            }
            reads++;
          } while (!stop.get());
          return reads;
        }));
      }
      for (Future<?> f : writers) {
        f.get();
      }
      stop.set(true);
      for (Future<Integer> f : readers) {
        assertThat(f.get()).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] filled(int size, byte value) {
    byte[] b = new byte[size];
    Arrays.fill(b, value);
    return b;
  }
}
