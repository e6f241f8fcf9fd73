package io.strata.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PostingsTest {
  private final Random r = new Random();

  private long[] randomSorted(int n, int max) {
    TreeSet<Long> s = new TreeSet<>();
    while (s.size() < Math.min(n, max)) {
      s.add((long) r.nextInt(max) + 1);
    }
    return s.stream().mapToLong(Long::longValue).toArray();
  }

  private static Postings bigEndian(long[] refs) {
    ByteBuffer b = ByteBuffer.allocate(refs.length * 4 + 4);
    b.putInt(0xCAFE);
    for (long v : refs) {
      b.putInt((int) v);
    }
    return new BigEndianPostings(b, 4, refs.length);
  }

  @RepeatedTest(20)
  void setOperationsMatchSets() {
    List<long[]> lists = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(5); i++) {
      lists.add(randomSorted(r.nextInt(300), 500));
    }
    List<TreeSet<Long>> sets = lists.stream()
        .map(a -> java.util.Arrays.stream(a).boxed().collect(Collectors.toCollection(TreeSet::new))).toList();
    TreeSet<Long> union = new TreeSet<>();
    sets.forEach(union::addAll);
    TreeSet<Long> inter = new TreeSet<>(sets.get(0));
    sets.forEach(inter::retainAll);
    TreeSet<Long> minus = new TreeSet<>(sets.get(0));
    if (sets.size() > 1) {
      minus.removeAll(sets.get(1));
    }
    assertThat(Postings.toArray(Postings.merge(lists.stream().map(PostingsTest::bigEndian).toList())))
        .containsExactly(longs(union));
    assertThat(Postings.toArray(Postings.intersect(lists.stream().map(Postings::of).toList())))
        .containsExactly(longs(inter));
    Postings drop = sets.size() > 1 ? Postings.of(lists.get(1)) : Postings.EMPTY;
    assertThat(Postings.toArray(Postings.without(bigEndian(lists.get(0)), drop))).containsExactly(longs(minus));
  }

  @RepeatedTest(20)
  void seekNeverGoesBackwards() {
    long[] a = randomSorted(200, 1000);
    List<Postings> impls = List.of(Postings.of(a), bigEndian(a),
        Postings.merge(List.of(Postings.of(a), bigEndian(a))),
        Postings.intersect(List.of(Postings.of(a), bigEndian(a))),
        Postings.without(Postings.of(a), Postings.EMPTY));
    for (Postings p : impls) {
      long target = 0;
      long last = -1;
      while (true) {
        target += r.nextInt(20);
        if (!p.seek(target)) {
          long t = target;
          assertThat(java.util.Arrays.stream(a).filter(v -> v >= t).count()).isZero();
          break;
        }
        assertThat(p.at()).isGreaterThanOrEqualTo(target).isGreaterThanOrEqualTo(last);
        long t = target;
        long expected = java.util.Arrays.stream(a).filter(v -> v >= t).min().orElseThrow();
        if (last < target) {
          assertThat(p.at()).isEqualTo(expected);
        }
        last = p.at();
      }
    }
  }

  @Test
  void emptyCases() {
    assertThat(Postings.toArray(Postings.intersect(List.of()))).isEmpty();
    assertThat(Postings.toArray(Postings.merge(List.of(Postings.EMPTY, Postings.EMPTY)))).isEmpty();
    assertThat(Postings.toArray(Postings.intersect(List.of(Postings.of(1, 2), Postings.EMPTY)))).isEmpty();
  }

  private static long[] longs(java.util.Collection<Long> c) {
    return c.stream().mapToLong(Long::longValue).toArray();
  }
}
