package io.strata.objstore;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts and times every bucket operation, with the metrics of Thanos's {@code objstore.BucketWithMetrics} under
 * the {@code strata_} prefix. Rendered by a Prometheus registry, with labels {@code bucket} and {@code operation}
 * ({@code iter, get, get_range, exists, attributes, upload, delete}):
 * <ul>
 *   <li>{@code strata_objstore_bucket_operations_total}: operations attempted;</li>
 *   <li>{@code strata_objstore_bucket_operation_failures_total}: operations that failed. A missing object is an
 *       answer, not a failure, and neither is an exception thrown by an {@code iter} visitor;</li>
 *   <li>{@code strata_objstore_bucket_operation_duration_seconds}: histogram with Thanos's buckets; for
 *       {@code get} and {@code get_range} it runs until the returned stream is closed, as the transfer is the
 *       expensive part;</li>
 *   <li>{@code strata_objstore_bucket_operation_fetched_bytes_total}: bytes read from get streams;</li>
 *   <li>{@code strata_objstore_bucket_last_successful_upload_time}: Unix time in seconds (no operation label).</li>
 * </ul>
 * All operations are pre-registered at zero so rate() and alerts work from the first scrape.
 */
public final class MeteredBucket implements Bucket {
  private static final Duration[] DURATION_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(300),
      Duration.ofMillis(600), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(6),
      Duration.ofSeconds(9), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
      Duration.ofSeconds(90), Duration.ofSeconds(120)};

  /** The operations, named as Thanos labels them. */
  public enum Operation {
    ITER("iter"), GET("get"), GET_RANGE("get_range"), EXISTS("exists"), ATTRIBUTES("attributes"),
    UPLOAD("upload"), DELETE("delete");

    private final String label;

    Operation(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private record Meters(Counter operations, Counter failures, Timer duration, Counter fetchedBytes) {
  }

  private final Bucket delegate;
  private final Clock clock;
  private final Map<Operation, Meters> meters = new EnumMap<>(Operation.class);
  private final AtomicLong lastSuccessfulUploadMillis = new AtomicLong();

  public MeteredBucket(Bucket delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.clock = registry.config().clock();
    String bucket = delegate.name();
    for (Operation op : Operation.values()) {
      meters.put(op, new Meters(
          Counter.builder("strata.objstore.bucket.operations")
              .description("Total number of all attempted operations against a bucket.")
              .tags("bucket", bucket, "operation", op.label()).register(registry),
          Counter.builder("strata.objstore.bucket.operation.failures")
              .description("Total number of operations against a bucket that failed, but were not expected to fail.")
              .tags("bucket", bucket, "operation", op.label()).register(registry),
          Timer.builder("strata.objstore.bucket.operation.duration")
              .description("Duration of successful and failed operations against a bucket.")
              .tags("bucket", bucket, "operation", op.label())
              .serviceLevelObjectives(DURATION_BUCKETS).register(registry),
          op == Operation.GET || op == Operation.GET_RANGE
              ? Counter.builder("strata.objstore.bucket.operation.fetched.bytes").baseUnit("bytes")
                  .description("Total number of bytes fetched from a bucket.")
                  .tags("bucket", bucket, "operation", op.label()).register(registry)
              : null));
    }
    Gauge.builder("strata.objstore.bucket.last.successful.upload.time", lastSuccessfulUploadMillis, v -> v.get() / 1000.0)
        .description("Second timestamp of the last successful upload to the bucket.")
        .tag("bucket", bucket).strongReference(true).register(registry);
  }

  private interface IoCall<T> {
    T run() throws IOException;
  }

  private <T> T observe(Operation op, IoCall<T> call) throws IOException {
    Meters m = meters.get(op);
    m.operations().increment();
    long start = clock.monotonicTime();
    try {
      return call.run();
    } catch (IOException | RuntimeException | Error e) {
      if (!Bucket.isObjectNotFound(e)) {
        m.failures().increment();
      }
      throw e;
    } finally {
      m.duration().record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void iter(String dir, Consumer<String> visitor, boolean recursive) throws IOException {
    Meters m = meters.get(Operation.ITER);
    m.operations().increment();
    long start = clock.monotonicTime();
    boolean[] visitorFailed = {false};
    try {
      delegate.iter(dir, name -> {
        try {
          visitor.accept(name);
        } catch (RuntimeException | Error e) {
          visitorFailed[0] = true;
          throw e;
        }
      }, recursive);
    } catch (IOException | RuntimeException | Error e) {
      if (!visitorFailed[0] && !Bucket.isObjectNotFound(e)) {
        m.failures().increment();
      }
      throw e;
    } finally {
      m.duration().record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public InputStream get(String name) throws IOException {
    return openObserved(Operation.GET, () -> delegate.get(name));
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    return openObserved(Operation.GET_RANGE, () -> delegate.getRange(name, offset, length));
  }

  private InputStream openObserved(Operation op, IoCall<InputStream> open) throws IOException {
    Meters m = meters.get(op);
    m.operations().increment();
    long start = clock.monotonicTime();
    InputStream in;
    try {
      in = open.run();
    } catch (IOException | RuntimeException | Error e) {
      if (!Bucket.isObjectNotFound(e)) {
        m.failures().increment();
      }
      m.duration().record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
      throw e;
    }
    return new ObservedStream(in, m, start);
  }

  @Override
  public boolean exists(String name) throws IOException {
    return observe(Operation.EXISTS, () -> delegate.exists(name));
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    return observe(Operation.ATTRIBUTES, () -> delegate.attributes(name));
  }

  @Override
  public void upload(String name, Path file) throws IOException {
    observe(Operation.UPLOAD, () -> {
      delegate.upload(name, file);
      return null;
    });
    lastSuccessfulUploadMillis.set(clock.wallTime());
  }

  @Override
  public void upload(String name, InputStream data, long length) throws IOException {
    observe(Operation.UPLOAD, () -> {
      delegate.upload(name, data, length);
      return null;
    });
    lastSuccessfulUploadMillis.set(clock.wallTime());
  }

  @Override
  public void delete(String name) throws IOException {
    observe(Operation.DELETE, () -> {
      delegate.delete(name);
      return null;
    });
  }

  @Override
  public String name() {
    return delegate.name();
  }

  /** The undecorated bucket, for callers that need its specific type. */
  public Bucket delegate() {
    return delegate;
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return "MeteredBucket[" + delegate + "]";
  }

  /** Counts fetched bytes and read failures, and records the duration once, when closed. */
  private final class ObservedStream extends FilterInputStream {
    private final Meters meters;
    private final long start;
    private boolean failed;
    private boolean closed;

    ObservedStream(InputStream in, Meters meters, long start) {
      super(in);
      this.meters = meters;
      this.start = start;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = in.read();
        if (b >= 0) {
          meters.fetchedBytes().increment();
        }
        return b;
      } catch (IOException | RuntimeException e) {
        fail();
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          meters.fetchedBytes().increment(n);
        }
        return n;
      } catch (IOException | RuntimeException e) {
        fail();
        throw e;
      }
    }

    private void fail() {
      if (!failed) {
        failed = true;
        meters.failures().increment();
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        in.close();
      } finally {
        meters.duration().record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
      }
    }
  }
}
