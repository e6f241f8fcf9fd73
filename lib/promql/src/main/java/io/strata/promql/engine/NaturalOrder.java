package io.strata.promql.engine;

import java.nio.charset.StandardCharsets;

/**
 * Natural string order for {@code sort_by_label}, as the {@code natsort} package Prometheus uses: runs of
 * digits compare as numbers (leading zeros skipped, a longer run is larger, equal lengths compare by digits),
 * other bytes compare as bytes.
 */
final class NaturalOrder {
  private NaturalOrder() {}

  /** Whether {@code a} sorts strictly before {@code b}. */
  static boolean less(String as, String bs) {
    byte[] a = as.getBytes(StandardCharsets.UTF_8);
    byte[] b = bs.getBytes(StandardCharsets.UTF_8);
    int pa = 0;
    int pb = 0;
    while (true) {
      if (pa >= a.length) {
        return pb < b.length;
      }
      if (pb >= b.length) {
        return false;
      }
      int av = a[pa] & 0xFF;
      int bv = b[pb] & 0xFF;
      if (isDigit(av) && isDigit(bv)) {
        int la = 1;
        while (pa + la < a.length) {
          int x = a[pa + la] & 0xFF;
          if (av == '0') {
            pa++;
            av = x;
            continue;
          }
          if (!isDigit(x)) {
            break;
          }
          la++;
        }
        int lb = 1;
        while (pb + lb < b.length) {
          int x = b[pb + lb] & 0xFF;
          if (bv == '0') {
            pb++;
            bv = x;
            continue;
          }
          if (!isDigit(x)) {
            break;
          }
          lb++;
        }
        if (lb != la) {
          return lb > la;
        }
        for (int i = 0; i < la; i++) {
          int x = a[pa + i] & 0xFF;
          int y = b[pb + i] & 0xFF;
          if (x != y) {
            return x < y;
          }
        }
        pa += la;
        pb += lb;
        continue;
      }
      if (av == bv) {
        pa++;
        pb++;
        continue;
      }
      return av < bv;
    }
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
