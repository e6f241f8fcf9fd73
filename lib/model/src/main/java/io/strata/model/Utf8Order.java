package io.strata.model;

import java.util.Comparator;

/**
 * Compares strings by the unsigned byte order of their UTF-8 encoding (Go's string order) without
 * encoding them.
 *
 * <p>UTF-16 code-unit order equals code-point order (and therefore UTF-8 byte order) except that
 * surrogates (U+D800..U+DFFF, which encode code points above U+FFFF) sort below U+E000..U+FFFF.
 * Shifting those two ranges past each other at the first differing unit restores code-point order.
 */
public final class Utf8Order {
  public static final Comparator<String> COMPARATOR = Utf8Order::compare;

  private Utf8Order() {}

  public static int compare(String a, String b) {
    if (a == b) {
      return 0;
    }
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return Integer.compare(fixup(x), fixup(y));
      }
    }
    return a.length() - b.length();
  }

  private static int fixup(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }
}
