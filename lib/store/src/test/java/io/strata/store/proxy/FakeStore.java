package io.strata.store.proxy;

import io.strata.model.Labels;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.SeriesResponses;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A scriptable store for proxy tests: serves {@code count} series made by {@code make} (or forever), then
 * optionally fails; can block before a given frame until its stream is closed. Records calls, pulls and
 * closes; everything is thread-safe since the proxy reads on its own threads.
 */
final class FakeStore implements StoreApi {
  final StoreInfo info;
  volatile IntFunction<SeriesResponse> make = i -> SeriesResponses.series(Labels.of("i", String.format("%05d", i)), List.of());
  volatile int count;
  volatile int blockBefore = -1;
  volatile StoreException failAfter;
  volatile StoreException failOnCall;
  volatile List<String> names = List.of();
  volatile long labelDelayMillis;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger pulled = new AtomicInteger();
  final CountDownLatch closed = new CountDownLatch(1);
  volatile SeriesRequest lastRequest;

  FakeStore(List<Labels> labelSets, long min, long max, boolean withoutReplicaSupport, int count) {
    this.info = new StoreInfo(labelSets, min, max, withoutReplicaSupport, "store");
    this.count = count;
  }

  FakeStore(int count) {
    this(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true, count);
  }

  @Override
  public StoreInfo info() {
    return info;
  }

  @Override
  public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
    calls.incrementAndGet();
    lastRequest = request;
    if (failOnCall != null) {
      throw failOnCall;
    }
    return new CloseableIterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        if (i == blockBefore) {
          try {
            // Blocks like a silent remote store; released by close (a cancel) or after a minute.
            closed.await(1, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (closed.getCount() == 0) {
            throw new StoreException(StoreException.Code.CANCELLED, "closed");
          }
        }
        if (count >= 0 && i >= count) {
          if (failAfter != null) {
            throw failAfter;
          }
          return false;
        }
        return true;
      }

      @Override
      public SeriesResponse next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        pulled.incrementAndGet();
        return make.apply(i++);
      }

      @Override
      public void close() {
        closed.countDown();
      }
    };
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    calls.incrementAndGet();
    sleepOrFail();
    return LabelNamesResponse.newBuilder().addAllNames(names).build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    calls.incrementAndGet();
    sleepOrFail();
    return LabelValuesResponse.newBuilder().addAllValues(names).addWarnings("downstream says hi").build();
  }

  private void sleepOrFail() {
    if (failOnCall != null) {
      throw failOnCall;
    }
    if (labelDelayMillis > 0) {
      try {
        Thread.sleep(labelDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
