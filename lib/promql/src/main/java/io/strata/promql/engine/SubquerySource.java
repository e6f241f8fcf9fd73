package io.strata.promql.engine;

import io.strata.model.Labels;

/** A subquery's result series as a range vector: the points are the inner evaluation's steps. */
final class SubquerySource implements RangeSource {
  private final SeriesStream inner;
  private final Steps innerSteps;
  private StepSeries current;
  private int cursor;

  SubquerySource(SeriesStream inner, Steps innerSteps) {
    this.inner = inner;
    this.innerSteps = innerSteps;
  }

  @Override
  public boolean nextSeries() {
    current = inner.next();
    cursor = current == null ? -1 : current.firstStep();
    return current != null;
  }

  @Override
  public Labels labels() {
    return current.labels;
  }

  @Override
  public boolean dropName() {
    return current.dropName;
  }

  @Override
  public void rewind(Window w) {
    w.clear();
    cursor = current.firstStep();
  }

  @Override
  public int slide(Window w, long mint, long maxt) {
    int delta = -w.dropUpTo(mint);
    while (cursor >= 0) {
      long t = innerSteps.time(cursor);
      if (t > maxt) {
        break;
      }
      if (t > mint) {
        double v = current.values[cursor];
        if (!Stale.is(v)) {
          w.add(t, v);
          delta++;
        }
      }
      cursor = current.nextStep(cursor + 1);
    }
    return delta;
  }
}
