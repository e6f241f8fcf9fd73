package io.strata.store.proxy;

import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.SeriesResponses;
import io.strata.store.StoreException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The series stream of one store, pulled on its own thread into a bounded queue so that all stores work
 * at once while memory stays at {@code capacity} frames per store: when the merge falls behind, the
 * producer blocks, and a remote store's gRPC flow control then holds back the server.
 *
 * <p>Failures follow the partial-response strategy. Under WARN a failing store, or one that sends nothing
 * for {@code responseTimeout}, ends its stream with a warning frame naming it and is cancelled; under ABORT
 * the same is a {@link StoreException}, and so is a warning frame the store itself sends (Thanos: "any
 * warning aborts").
 */
final class StoreResponseStream implements CloseableIterator<SeriesResponse> {
  private static final Object END = new Object();

  private record Failure(RuntimeException error) {}

  private final StoreRef store;
  private final boolean abort;
  private final long timeoutNanos;
  private final BlockingQueue<Object> queue;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean cancelled;
  private volatile CloseableIterator<SeriesResponse> upstream;
  private SeriesResponse next;
  private boolean done;

  StoreResponseStream(StoreRef store, SeriesRequest request, boolean abort, Duration responseTimeout, int capacity,
      Executor executor) {
    this.store = store;
    this.abort = abort;
    this.timeoutNanos = responseTimeout.isZero() ? 0 : responseTimeout.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
    executor.execute(() -> produce(request));
  }

  private void produce(SeriesRequest request) {
    CloseableIterator<SeriesResponse> it = null;
    try {
      Object last = END;
      try {
        if (cancelled) {
          return;
        }
        it = store.store().series(request);
        upstream = it;
        while (!cancelled && it.hasNext()) {
          put(it.next());
        }
      } catch (RuntimeException e) {
        last = new Failure(e);
      }
      put(last);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        if (it != null) {
          it.close();
        }
      } catch (RuntimeException ignored) {
        // The stream is over either way; nothing more can be reported to anyone.
      } finally {
        finished.countDown();
      }
    }
  }

  private void put(Object item) throws InterruptedException {
    if (!cancelled) {
      queue.put(item);
    }
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    Object item;
    try {
      item = timeoutNanos > 0 ? queue.poll(timeoutNanos, TimeUnit.NANOSECONDS) : queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new StoreException(StoreException.Code.CANCELLED, "interrupted while receiving series from store " + store);
    }
    if (item == null) {
      return fail(new StoreException(StoreException.Code.DEADLINE_EXCEEDED, "store " + store + " sent nothing within "
          + Duration.ofNanos(timeoutNanos) + "; giving up on it"));
    }
    if (item == END) {
      done = true;
      return false;
    }
    if (item instanceof Failure f) {
      StoreException e = f.error() instanceof StoreException se ? se
          : new StoreException(StoreException.Code.INTERNAL, f.error().toString(), f.error());
      return fail(new StoreException(e.code(), "fetching series from store " + store + ": " + e.getMessage(), e));
    }
    SeriesResponse r = (SeriesResponse) item;
    if (abort && r.hasWarning()) {
      close();
      throw new StoreException(StoreException.Code.ABORTED, "store " + store + " warned: " + r.getWarning());
    }
    next = r;
    return true;
  }

  private boolean fail(StoreException e) {
    // A failed or stalled store is not waited for: its thread ends on its own once cancelled.
    cancel();
    if (abort) {
      throw e;
    }
    next = SeriesResponses.warning(e.getMessage());
    return true;
  }

  @Override
  public SeriesResponse next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    SeriesResponse r = next;
    next = null;
    return r;
  }

  /**
   * Cancels the store's stream and waits briefly for its thread to close it. The upstream iterator is also
   * closed from here, which cancels a remote call blocked waiting for data (see {@link
   * io.strata.store.StoreApi#series}).
   */
  @Override
  public void close() {
    cancel();
    try {
      finished.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void cancel() {
    done = true;
    if (cancelled) {
      return;
    }
    cancelled = true;
    queue.clear();
    CloseableIterator<SeriesResponse> it = upstream;
    if (it != null) {
      try {
        it.close();
      } catch (RuntimeException ignored) {
        // Best effort: the producer closes it again when it stops.
      }
    }
    queue.clear();
    // Wake a consumer blocked in take() on another thread: the producer puts nothing once cancelled.
    queue.offer(END);
  }
}
