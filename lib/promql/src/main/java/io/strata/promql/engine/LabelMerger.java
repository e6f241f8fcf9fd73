package io.strata.promql.engine;

import io.strata.model.Labels;
import io.strata.promql.PromQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects series whose label sets may collide, as Prometheus does when an operation changes labels: series
 * with the same labels but values at different steps become one series; values at the same step are an error
 * ({@code vector cannot contain metrics with the same labelset}). Keeps first-seen order.
 */
final class LabelMerger {
  private final QueryContext ctx;
  private final boolean allowSameStep;
  private final Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();
  private final List<StepSeries> duplicates = new ArrayList<>();
  private long held;

  /**
   * @param allowSameStep keep colliding series apart instead of failing (Prometheus' instant evaluation with
   *     delayed name removal checks duplicates only at the end)
   */
  LabelMerger(QueryContext ctx, boolean allowSameStep) {
    this.ctx = ctx;
    this.allowSameStep = allowSameStep;
  }

  /** Adds a series; {@code owned} means the merger may keep the instance instead of copying it. */
  void add(StepSeries s, boolean owned) {
    int n = s.count();
    if (n == 0) {
      return;
    }
    ctx.acquire(n);
    held += n;
    StepSeries existing = byLabels.get(s.labels);
    if (existing == null) {
      byLabels.put(s.labels, owned ? s : s.copy());
      return;
    }
    if (existing.overlaps(s)) {
      if (allowSameStep) {
        duplicates.add(owned ? s : s.copy());
        return;
      }
      throw PromQLException.execution("vector cannot contain metrics with the same labelset");
    }
    // The merged series carries the name-dropping mark of its earliest sample.
    if (s.firstStep() < existing.firstStep()) {
      existing.dropName = s.dropName;
    }
    existing.mergeFrom(s);
  }

  /** All merged series, in first-seen order; the merger must not be used afterwards. */
  SeriesStream stream() {
    List<StepSeries> all = new ArrayList<>(byLabels.values());
    all.addAll(duplicates);
    long toRelease = held;
    held = 0;
    return new SeriesStream() {
      private int i;

      @Override
      public StepSeries next() {
        if (i < all.size()) {
          return all.get(i++);
        }
        if (i == all.size()) {
          i++;
          ctx.release(toRelease);
        }
        return null;
      }
    };
  }
}
