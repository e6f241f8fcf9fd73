package io.strata.objstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeteredBucketTest {
  private final MockClock clock = new MockClock();
  private final MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private InMemoryBucket inner;
  private MeteredBucket bucket;

  @BeforeEach
  void setUp() {
    inner = new InMemoryBucket("metered", java.time.Clock.systemUTC());
    bucket = new MeteredBucket(inner, registry);
  }

  private double operations(String op) {
    return registry.get("strata.objstore.bucket.operations").tags("bucket", "metered", "operation", op).counter().count();
  }

  private double failures(String op) {
    return registry.get("strata.objstore.bucket.operation.failures").tags("bucket", "metered", "operation", op).counter().count();
  }

  @Test
  void everyOperationIsRegisteredAtZero() {
    for (MeteredBucket.Operation op : MeteredBucket.Operation.values()) {
      assertThat(operations(op.label())).as(op.label()).isZero();
      assertThat(failures(op.label())).as(op.label()).isZero();
      assertThat(registry.get("strata.objstore.bucket.operation.duration").tags("operation", op.label()).timer().count()).isZero();
    }
  }

  @Test
  void countsAndTimesOperations() throws IOException {
    clock.add(Duration.ofSeconds(1_700_000_000));
    bucket.upload("a/b", new ByteArrayInputStream(new byte[10]), 10);
    assertThat(bucket.exists("a/b")).isTrue();
    assertThat(bucket.attributes("a/b").size()).isEqualTo(10);
    bucket.iter("", n -> { }, true);
    try (InputStream in = bucket.getRange("a/b", 2, 5)) {
      clock.add(Duration.ofMillis(250));
      assertThat(in.readAllBytes()).hasSize(5);
    }
    try (InputStream in = bucket.get("a/b")) {
      in.readAllBytes();
    }
    bucket.delete("a/b");

    for (String op : new String[] {"upload", "exists", "attributes", "iter", "get_range", "get", "delete"}) {
      assertThat(operations(op)).as(op).isEqualTo(1);
      assertThat(failures(op)).as(op).isZero();
    }
    assertThat(registry.get("strata.objstore.bucket.operation.duration").tags("operation", "get_range").timer()
        .totalTime(TimeUnit.MILLISECONDS)).as("timed until the stream closed").isEqualTo(250);
    assertThat(registry.get("strata.objstore.bucket.operation.fetched.bytes").tags("operation", "get_range").counter().count())
        .isEqualTo(5);
    assertThat(registry.get("strata.objstore.bucket.operation.fetched.bytes").tags("operation", "get").counter().count())
        .isEqualTo(10);
    assertThat(registry.get("strata.objstore.bucket.last.successful.upload.time").gauge().value())
        .isEqualTo(1_700_000_000.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(bucket.name()).isEqualTo("metered");
  }

  @Test
  void missingObjectsAreNotFailures() throws IOException {
    assertThatThrownBy(() -> bucket.get("missing")).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> bucket.getRange("missing", 0, 1)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> bucket.attributes("missing")).isInstanceOf(ObjectNotFoundException.class);
    assertThat(bucket.exists("missing")).isFalse();

    assertThat(operations("get")).isEqualTo(1);
    assertThat(failures("get")).isZero();
    assertThat(failures("get_range")).isZero();
    assertThat(failures("attributes")).isZero();
    assertThat(registry.get("strata.objstore.bucket.operation.duration").tags("operation", "get").timer().count()).isEqualTo(1);
  }

  @Test
  void errorsAreFailuresButVisitorExceptionsAreNot() throws IOException {
    MeteredBucket failing = new MeteredBucket(new FailingBucket(), registry);
    assertThatThrownBy(() -> failing.upload("x", Path.of("nope"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> failing.iter("", n -> { }, false)).isInstanceOf(IOException.class);
    try (InputStream in = failing.get("x")) {
      assertThatThrownBy(in::read).isInstanceOf(IOException.class);
      assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
    assertThat(count(failing, "strata.objstore.bucket.operation.failures", "upload")).isEqualTo(1);
    assertThat(count(failing, "strata.objstore.bucket.operation.failures", "iter")).isEqualTo(1);
    assertThat(count(failing, "strata.objstore.bucket.operation.failures", "get")).as("counted once per stream").isEqualTo(1);

    inner.upload("y", new ByteArrayInputStream(new byte[1]), 1);
    assertThatThrownBy(() -> bucket.iter("", n -> {
      throw new IllegalStateException("visitor");
    }, true)).hasMessage("visitor");
    assertThat(failures("iter")).isZero();
    assertThat(operations("iter")).isEqualTo(1);
  }

  private double count(Bucket b, String meter, String op) {
    return registry.get(meter).tags("bucket", b.name(), "operation", op).counter().count();
  }

  /** Fails every call with an I/O error; its get streams fail on read. */
  private static final class FailingBucket implements Bucket {
    @Override
    public void iter(String dir, Consumer<String> visitor, boolean recursive) throws IOException {
      throw new IOException("listing failed");
    }

    @Override
    public InputStream get(String name) {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          throw new IOException("connection reset");
        }
      };
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
      throw new IOException("range failed");
    }

    @Override
    public boolean exists(String name) throws IOException {
      throw new IOException("exists failed");
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
      throw new IOException("attributes failed");
    }

    @Override
    public void upload(String name, Path file) throws IOException {
      throw new IOException("upload failed");
    }

    @Override
    public void upload(String name, InputStream data, long length) throws IOException {
      throw new IOException("upload failed");
    }

    @Override
    public void delete(String name) throws IOException {
      throw new IOException("delete failed");
    }

    @Override
    public String name() {
      return "failing";
    }

    @Override
    public void close() {
    }
  }
}
