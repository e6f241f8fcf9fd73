package io.strata.block.shipper;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Shipper#sync()} every {@code interval} (Thanos: 30 s) until stopped. After a failed pass — the
 * bucket is down, a block vanished mid-upload — it waits a backoff that starts at {@code minBackoff} and doubles
 * up to {@code interval}, so an outage is retried quickly at first without hammering the bucket; a successful
 * pass resets it.
 *
 * <p>{@link #run()} blocks; run it on its own thread and {@link #stop} it from another, or let {@link #start()} and
 * {@link #close()} do both.
 */
public final class ShipperLoop implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShipperLoop.class);

  private final Shipper shipper;
  private final Duration interval;
  private final Duration minBackoff;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile int consecutiveFailures;
  private Thread thread;

  public ShipperLoop(Shipper shipper, Duration interval, Duration minBackoff) {
    if (minBackoff.compareTo(interval) > 0) {
      throw new IllegalArgumentException("backoff " + minBackoff + " longer than the sync interval " + interval);
    }
    this.shipper = shipper;
    this.interval = interval;
    this.minBackoff = minBackoff;
  }

  /** Thanos's cadence: a pass every 30 s, retries from 1 s. */
  public ShipperLoop(Shipper shipper) {
    this(shipper, Duration.ofSeconds(30), Duration.ofSeconds(1));
  }

  @Override
  public void run() {
    try {
      while (stopped.getCount() > 0) {
        Duration wait;
        try {
          Shipper.SyncResult r = shipper.sync();
          if (r.uploaded() > 0) {
            log.info("shipper pass done uploaded={}", r.uploaded());
          }
          consecutiveFailures = 0;
          wait = interval;
        } catch (Exception e) {
          int n = ++consecutiveFailures;
          wait = backoff(n);
          log.warn("shipper pass failed, retrying failures={} retry_in_ms={} error=\"{}\"", n, wait.toMillis(),
              e.getMessage());
        }
        if (stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finished.countDown();
    }
  }

  /** {@code minBackoff · 2^(failures-1)}, capped at the interval. */
  Duration backoff(int failures) {
    long ms = minBackoff.toMillis();
    for (int i = 1; i < failures && ms < interval.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, interval.toMillis()));
  }

  /** Passes that failed in a row; 0 after a successful one. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Runs the loop on a new thread named {@code shipper}. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("shipper loop already started");
    }
    thread = Thread.ofPlatform().name("shipper").daemon(true).start(this);
  }

  /** Stops a loop started with {@link #start()}, letting an upload in progress finish for up to a minute. */
  @Override
  public void close() throws InterruptedException {
    synchronized (this) {
      if (thread == null) {
        stopped.countDown();
        return;
      }
    }
    if (!stop(Duration.ofMinutes(1))) {
      log.warn("shipper pass still running after 1m at shutdown; abandoning it (the next start resumes)");
    }
  }

  /** Asks the loop to end after the current pass and waits up to {@code timeout} for it. */
  public boolean stop(Duration timeout) throws InterruptedException {
    stopped.countDown();
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
