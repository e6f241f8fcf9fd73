package io.strata.tsdb.index;

import java.util.List;

/**
 * The union of several postings lists through a binary min-heap keyed by each list's head. Invariant
 * between calls: every list in the heap is positioned strictly after the current reference.
 */
final class MergedPostings implements Postings {
  private final Postings[] heap;
  private int size;
  private boolean initialised;
  private boolean done;
  private long cur = -1;

  MergedPostings(List<Postings> lists) {
    heap = lists.toArray(new Postings[0]);
  }

  private void init(long seekTo) {
    size = 0;
    for (Postings p : heap) {
      if (seekTo < 0 ? p.next() : p.seek(seekTo)) {
        heap[size++] = p;
      }
    }
    for (int k = size / 2 - 1; k >= 0; k--) {
      siftDown(k);
    }
    initialised = true;
  }

  @Override
  public boolean next() {
    if (done) {
      return false;
    }
    if (!initialised) {
      init(-1);
    }
    return pop();
  }

  @Override
  public boolean seek(long v) {
    if (done) {
      return false;
    }
    if (!initialised) {
      init(v);
      return pop();
    }
    if (cur >= v) {
      return true;
    }
    while (size > 0 && heap[0].at() < v) {
      if (heap[0].seek(v)) {
        siftDown(0);
      } else {
        removeTop();
      }
    }
    return pop();
  }

  /** Makes the heap's minimum current and moves every list sitting on it forward. */
  private boolean pop() {
    if (size == 0) {
      done = true;
      return false;
    }
    cur = heap[0].at();
    while (size > 0 && heap[0].at() == cur) {
      if (heap[0].next()) {
        siftDown(0);
      } else {
        removeTop();
      }
    }
    return true;
  }

  private void removeTop() {
    heap[0] = heap[--size];
    if (size > 0) {
      siftDown(0);
    }
  }

  private void siftDown(int k) {
    Postings p = heap[k];
    long v = p.at();
    int half = size >>> 1;
    while (k < half) {
      int child = 2 * k + 1;
      int right = child + 1;
      if (right < size && heap[right].at() < heap[child].at()) {
        child = right;
      }
      if (v <= heap[child].at()) {
        break;
      }
      heap[k] = heap[child];
      k = child;
    }
    heap[k] = p;
  }

  @Override
  public long at() {
    return cur;
  }
}
