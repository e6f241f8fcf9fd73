package io.strata.store.prometheus;

import io.strata.model.Labels;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreException;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The StoreAPI face of a {@link SeriesSource}: one series frame per series (labels only with {@code skipChunks}),
 * at most {@code limit} of them, pulled only when the caller asks. It also checks what it promises — strictly
 * ascending served labels — so a Prometheus that changed under a running query (a series with an external label
 * name appearing between the label check and the read) fails the call instead of silently breaking the caller's
 * merge.
 */
final class SeriesIterator implements CloseableIterator<SeriesResponse> {
  private final SeriesSource source;
  private final long limit;
  private final boolean skipChunks;
  private final Function<Throwable, StoreException> failure;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean done;
  private SeriesResponse next;
  private Labels last;
  private long sent;

  SeriesIterator(SeriesSource source, long limit, boolean skipChunks, Function<Throwable, StoreException> failure) {
    this.source = source;
    this.limit = limit;
    this.skipChunks = skipChunks;
    this.failure = failure;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      RemoteSeries s = limit > 0 && sent >= limit ? null : source.next();
      if (s == null) {
        close();
        return false;
      }
      if (last != null && last.compareTo(s.served()) >= 0) {
        throw new StoreException(StoreException.Code.INTERNAL, "series " + s.served() + " arrived after " + last
            + ": Prometheus's answer is not in label order (did its series change during the query?)");
      }
      last = s.served();
      Series.Builder series = Series.newBuilder().addAllLabels(ProtoConversions.toProto(s.served()));
      if (!skipChunks) {
        series.addAllChunks(s.chunks());
      }
      next = SeriesResponse.newBuilder().setSeries(series).build();
      sent++;
      return true;
    } catch (Exception e) {
      boolean cancelled = done;
      close();
      if (cancelled) {
        throw new StoreException(StoreException.Code.CANCELLED, "series stream closed while reading", e);
      }
      throw failure.apply(e);
    }
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

  @Override
  public void close() {
    done = true;
    next = null;
    if (closed.compareAndSet(false, true)) {
      source.close();
    }
  }
}
