package io.strata.store.dedup;

import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import java.util.List;

/**
 * Merges two replicas of a series the way Thanos's penalty algorithm intends ({@code dedupSeriesIterator} in
 * pkg/dedup/iter.go, thanos-components.md §1.3): follow one replica and switch only when it has a gap
 * noticeably longer than its sampling interval. More replicas are folded pairwise: {@code ((r0 ⊕ r1) ⊕ r2)}.
 *
 * <p>Thanos implements "only on a gap" with a seek penalty on the replica not followed (twice the last step),
 * which also skips that replica's first samples after a switch: every switch leaves a hole longer than the gap
 * that caused it (Thanos issue #331; #7656), so {@code rate} around a gap differs from the truth. Here the
 * decision and the spacing are separate:
 * <ul>
 *   <li>the followed replica keeps the lead while its next sample comes within 1.5 sampling intervals (the
 *       spacing of the last two emitted samples; until two were emitted it keeps the lead), so even a single
 *       missed scrape is filled from the other replica, yet scrape jitter and offset replicas never flap;
 *   <li>on a longer silence, or when it runs out, the other replica takes over with its first sample that is
 *       more than half an interval after the last emitted one — no real sample is dropped beyond what keeps
 *       the output from getting denser than either replica (interleaved scrapes of offset replicas);
 *   <li>ties at the start go to A; a replica that runs out leaves the other to continue.
 * </ul>
 * Replicas with identical timestamps (e.g. the same samples with different gaps) therefore merge into exactly
 * their union.
 *
 * <p>Worked example (times in seconds). A scrapes every 10 s and misses 40–70; B scrapes every 10 s, offset by 5:
 * <pre>
 *   A: 0 10 20 30 .  .  .  .  80 90 100 110
 *   B:  5 15 25 35 45 55 65 75 85 95 105 115
 *
 *   step  lastT  follow  interval  next of followed   other's candidate (> lastT + interval/2)   emit
 *   1     -      -       -         A 0                B 5                                         A 0 (earlier)
 *   2     0      A       unknown   A 10               -                                           A 10
 *   3     10     A       10        A 20               B 25                                        A 20 (20 - 10 ≤ 1.5×10)
 *   4     20     A       10        A 30               B 35                                        A 30
 *   5     30     A       10        A 80               B 45 (35 is only 5 after 30)                B 45 (80 - 30 > 1.5×10)
 *   6     45     B       15        B 55               A 80                                        B 55
 *   7     55     B       10        B 65               A 80                                        B 65 (B keeps the lead)
 * </pre>
 * Output: 0 10 20 30 45 55 65 75 … (Thanos's penalty gives 0 10 20 30 55 65 …, a 25 s hole).
 *
 * <p>{@link #seek} iterates {@link #next} rather than seeking the replicas, so that the lead evolves exactly
 * as in a full scan and nested iterators see every step. A seek on a fresh iterator first takes a step, so the
 * first sample cannot be emitted twice.
 */
final class PenaltyDedupIterator implements AdjustableSampleIterator {
  private final AdjustableSampleIterator a;
  private final AdjustableSampleIterator b;
  private ValueType aval;
  private ValueType bval;
  private long lastT = Long.MIN_VALUE;
  /** Spacing of the last two emitted samples (the series' sampling interval); -1 until two were emitted. */
  private long interval = -1;
  private boolean useA = true;
  private boolean started;
  private boolean exhausted;

  PenaltyDedupIterator(AdjustableSampleIterator a, AdjustableSampleIterator b) {
    this.a = a;
    this.b = b;
    this.aval = a.next();
    this.bval = b.next();
  }

  /**
   * Folds replicas pairwise; each is wrapped for counter adjustment when {@code counter} is set.
   *
   * @param replicas at least one
   */
  static SampleIterator of(List<? extends SampleIterator> replicas, boolean counter) {
    AdjustableSampleIterator it = wrap(replicas.get(0), counter);
    for (int i = 1; i < replicas.size(); i++) {
      it = new PenaltyDedupIterator(it, wrap(replicas.get(i), counter));
    }
    return it;
  }

  private static AdjustableSampleIterator wrap(SampleIterator it, boolean counter) {
    return counter ? new CounterAdjustingIterator(it) : AdjustableSampleIterator.plain(it);
  }

  @Override
  public ValueType next() {
    if (exhausted) {
      return ValueType.NONE;
    }
    boolean lastUseA = useA;
    boolean lastIsFloat = started && (useA ? aval : bval) == ValueType.FLOAT;
    double lastValue = lastIsFloat ? (useA ? a : b).atValue() : 0;
    ValueType r = started ? step() : first();
    started = true;
    if (useA != lastUseA && lastIsFloat) {
      // Switched replicas: let the new one correct a counter that would otherwise appear to reset.
      adjustAtValue(lastValue);
    }
    if (r == ValueType.NONE) {
      exhausted = true;
    }
    return r;
  }

  private ValueType first() {
    if (aval == ValueType.NONE && bval == ValueType.NONE) {
      return ValueType.NONE;
    }
    useA = bval == ValueType.NONE || (aval != ValueType.NONE && a.atT() <= b.atT());
    lastT = (useA ? a : b).atT();
    return useA ? aval : bval;
  }

  private ValueType step() {
    AdjustableSampleIterator cur = useA ? a : b;
    AdjustableSampleIterator other = useA ? b : a;
    ValueType curVal = useA ? aval : bval;
    ValueType otherVal = useA ? bval : aval;
    if (curVal != ValueType.NONE) {
      curVal = cur.seek(lastT + 1);
    }
    if (otherVal != ValueType.NONE) {
      otherVal = other.seek(lastT + 1 + Math.max(interval, 0) / 2);
    }
    if (useA) {
      aval = curVal;
      bval = otherVal;
    } else {
      bval = curVal;
      aval = otherVal;
    }
    boolean gap = curVal == ValueType.NONE
        || (interval > 0 && 2 * (cur.atT() - lastT) > 3 * interval && otherVal != ValueType.NONE
            && other.atT() < cur.atT());
    if (!gap) {
      interval = cur.atT() - lastT;
      lastT = cur.atT();
      return curVal;
    }
    if (otherVal == ValueType.NONE) {
      return ValueType.NONE;
    }
    // The interval is kept across the switch: replicas scrape the same targets, and the replica taken over
    // may itself be in a gap right away (a run of chunks from both replicas, see OverlapSplit).
    useA = !useA;
    lastT = other.atT();
    return otherVal;
  }

  @Override
  public void adjustAtValue(double lastEmitted) {
    if (aval == ValueType.FLOAT) {
      a.adjustAtValue(lastEmitted);
    }
    if (bval == ValueType.FLOAT) {
      b.adjustAtValue(lastEmitted);
    }
  }

  @Override
  public ValueType seek(long t) {
    if (!started && next() == ValueType.NONE) {
      return ValueType.NONE;
    }
    while (!exhausted) {
      if (atT() >= t) {
        return useA ? aval : bval;
      }
      if (next() == ValueType.NONE) {
        return ValueType.NONE;
      }
    }
    return ValueType.NONE;
  }

  @Override
  public long atT() {
    return useA ? a.atT() : b.atT();
  }

  @Override
  public double atValue() {
    return (useA ? a : b).atValue();
  }
}
