package io.strata.tsdb.index;

/** The intersection of several postings lists: leapfrogs them with seeks to the current maximum. */
final class IntersectPostings implements Postings {
  private final Postings[] lists;
  private long cur = -1;
  private boolean done;

  IntersectPostings(Postings[] lists) {
    this.lists = lists;
  }

  @Override
  public boolean next() {
    return seek(cur + 1);
  }

  @Override
  public boolean seek(long v) {
    if (done) {
      return false;
    }
    if (cur >= v) {
      return true;
    }
    long target = v;
    while (true) {
      boolean agreed = true;
      for (Postings p : lists) {
        if (!p.seek(target)) {
          done = true;
          return false;
        }
        long at = p.at();
        if (at > target) {
          target = at;
          agreed = false;
        }
      }
      if (agreed) {
        cur = target;
        return true;
      }
    }
  }

  @Override
  public long at() {
    return cur;
  }
}
