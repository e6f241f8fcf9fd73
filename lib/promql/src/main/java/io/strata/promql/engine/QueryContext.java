package io.strata.promql.engine;

import io.strata.model.Labels;
import io.strata.promql.Annotation;
import io.strata.promql.Annotations;
import io.strata.promql.EngineOptions;
import io.strata.promql.PromQLException;
import io.strata.promql.storage.Querier;
import java.util.Set;

/**
 * State shared by all operators of one query: storage, settings, the annotations gathered, cancellation and
 * timeout, and the count of samples held in memory against the query's limit.
 */
final class QueryContext {
  private static final Set<String> METADATA_LABELS = Set.of("__name__", "__type__", "__unit__");

  final Querier querier;
  final EngineOptions options;
  final long lookbackMillis;
  final boolean delayedNameRemoval;
  final Annotations annotations = new Annotations();
  /** The query's own start and end, which {@code @ start()} and {@code @ end()} refer to. */
  final long queryStart;
  final long queryEnd;
  private final long deadlineNanos;
  private final long maxSamples;
  private volatile boolean canceled;
  private long samples;
  private long peakSamples;

  QueryContext(Querier querier, EngineOptions options, long lookbackMillis, long timeoutNanos, long queryStart,
      long queryEnd) {
    this.querier = querier;
    this.options = options;
    this.lookbackMillis = lookbackMillis;
    this.delayedNameRemoval = options.delayedNameRemoval();
    this.maxSamples = options.maxSamples();
    this.deadlineNanos = System.nanoTime() + timeoutNanos;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
  }

  void cancel() {
    canceled = true;
  }

  /** Fails the query if it was canceled or ran out of time; cheap enough to call once per series. */
  void checkCanceled() {
    if (canceled) {
      throw PromQLException.canceled("expression evaluation");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw PromQLException.timeout("expression evaluation");
    }
  }

  /** Accounts for {@code n} more samples held in memory, failing past the limit. */
  void acquire(long n) {
    samples += n;
    if (samples > peakSamples) {
      peakSamples = samples;
      if (samples > maxSamples) {
        throw PromQLException.tooManySamples();
      }
    }
  }

  void release(long n) {
    samples -= n;
  }

  long peakSamples() {
    return peakSamples;
  }

  void warn(String text, io.strata.promql.ast.PositionRange pos) {
    annotations.add(Annotation.warning(text, pos));
  }

  void info(String text, io.strata.promql.ast.PositionRange pos) {
    annotations.add(Annotation.info(text, pos));
  }

  /** Removes {@code __name__} (and the other metadata labels Prometheus drops with it). */
  static Labels dropMetricName(Labels l) {
    if (!l.has("__name__") && !l.has("__type__") && !l.has("__unit__")) {
      return l;
    }
    return l.without(METADATA_LABELS);
  }
}
