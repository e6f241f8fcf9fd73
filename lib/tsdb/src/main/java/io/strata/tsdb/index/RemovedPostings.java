package io.strata.tsdb.index;

/** References of one postings list that are absent from another. */
final class RemovedPostings implements Postings {
  private final Postings full;
  private final Postings drop;
  private boolean dropDone;
  private boolean dropStarted;
  private long cur = -1;

  RemovedPostings(Postings full, Postings drop) {
    this.full = full;
    this.drop = drop;
  }

  @Override
  public boolean next() {
    if (!full.next()) {
      return false;
    }
    return skipDropped();
  }

  @Override
  public boolean seek(long v) {
    if (cur >= v) {
      return true;
    }
    if (!full.seek(v)) {
      return false;
    }
    return skipDropped();
  }

  private boolean skipDropped() {
    while (true) {
      long v = full.at();
      if (!dropDone) {
        if (!dropStarted || drop.at() < v) {
          dropStarted = true;
          dropDone = !drop.seek(v);
        }
      }
      if (dropDone || drop.at() != v) {
        cur = v;
        return true;
      }
      if (!full.next()) {
        return false;
      }
    }
  }

  @Override
  public long at() {
    return cur;
  }
}
