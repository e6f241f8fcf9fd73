package io.strata.store.dedup;

import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import java.util.List;

/**
 * Merges two replicas of a series by Thanos's penalty algorithm ({@code dedupSeriesIterator} in
 * pkg/dedup/iter.go, thanos-components.md §1.3): follow one replica and switch only when it has a gap
 * noticeably longer than its sampling interval. More replicas are folded pairwise: {@code ((r0 ⊕ r1) ⊕ r2)}.
 *
 * <p>State: the last emitted timestamp {@code lastT} and a penalty per replica. Each step seeks replica A to
 * {@code lastT + 1 + penA} and B to {@code lastT + 1 + penB} and emits whichever sample comes first (A on a
 * tie). The chosen replica's penalty becomes 0; the other's becomes twice the step just taken
 * ({@code 2 * (t - lastT)}), or 5000 ms on the first step. So the replica not followed is only considered
 * again after a silence of two sampling intervals. A replica that runs out leaves the other to continue.
 *
 * <p>Worked example (all times in seconds; the code works in ms, so "+1" below is 0.001 s). A scrapes
 * every 10 s and misses 40–70; B scrapes every 10 s, offset by 5:
 * <pre>
 *   A: 0 10 20 30 .  .  .  .  80 90 100 110
 *   B:  5 15 25 35 45 55 65 75 85 95 105 115
 *
 *   step  lastT  seek A to  seek B to  A at  B at  emit   penA  penB
 *   1     -      -∞         -∞         0     5     A 0    0     5     (first step: initial penalty 5 s)
 *   2     0      0.001      5.001      10    15    A 10   0     20    (2 × the 10 s step)
 *   3     10     10.001     30.001     20    35    A 20   0     20
 *   4     20     20.001     40.001     30    45    A 30   0     20
 *   5     30     30.001     50.001     80    55    B 55   50    0     (A's gap: B is earlier)
 *   6     55     105.001    55.001     110   65    B 65   20    0
 *   7     65     85.001     65.001     90    75    B 75   20    0     (B is followed from now on)
 * </pre>
 * Output: 0 10 20 30 55 65 75 85 … — B's 35 and 45 were skipped by its penalty, so the 25 s hole in the
 * result is longer than either replica's own gap would suggest (Thanos issue #331; the price of not
 * doubling the sample rate by zig-zagging between replicas whose timestamps interleave).
 *
 * <p>{@link #seek} iterates {@link #next} rather than seeking the replicas, so that penalties evolve exactly
 * as in a full scan and nested iterators see every step. Unlike Thanos, a seek on a fresh iterator first
 * takes a step, so the first sample cannot be emitted twice.
 */
final class PenaltyDedupIterator implements AdjustableSampleIterator {
  static final long INITIAL_PENALTY = 5000;

  private final AdjustableSampleIterator a;
  private final AdjustableSampleIterator b;
  private ValueType aval;
  private ValueType bval;
  private long lastT = Long.MIN_VALUE;
  private boolean lastIsA = true;
  private long penA;
  private long penB;
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
    started = true;
    boolean lastUseA = useA;
    boolean lastIsFloat = useA ? aval == ValueType.FLOAT : bval == ValueType.FLOAT;
    double lastValue = lastIsFloat ? (lastIsA ? a : b).atValue() : 0;
    ValueType r = step();
    if (useA != lastUseA && lastIsFloat) {
      // Switched replicas: let the new one correct a counter that would otherwise appear to reset.
      adjustAtValue(lastValue);
    }
    if (r == ValueType.NONE) {
      exhausted = true;
    }
    return r;
  }

  private ValueType step() {
    if (aval != ValueType.NONE) {
      aval = a.seek(lastT + 1 + penA);
    }
    if (bval != ValueType.NONE) {
      bval = b.seek(lastT + 1 + penB);
    }
    if (aval == ValueType.NONE) {
      useA = false;
      if (bval != ValueType.NONE) {
        lastT = b.atT();
        lastIsA = false;
        penB = 0;
      }
      return bval;
    }
    if (bval == ValueType.NONE) {
      useA = true;
      lastT = a.atT();
      lastIsA = true;
      penA = 0;
      return aval;
    }
    long ta = a.atT();
    long tb = b.atT();
    useA = ta <= tb;
    if (useA) {
      penB = lastT != Long.MIN_VALUE ? 2 * (ta - lastT) : INITIAL_PENALTY;
      penA = 0;
      lastT = ta;
      lastIsA = true;
      return aval;
    }
    penA = lastT != Long.MIN_VALUE ? 2 * (tb - lastT) : INITIAL_PENALTY;
    penB = 0;
    lastT = tb;
    lastIsA = false;
    return bval;
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
    return (lastIsA ? a : b).atValue();
  }
}
