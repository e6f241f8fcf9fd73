package io.strata.model;

import java.security.SecureRandom;
import java.util.Random;

/**
 * A ULID: 48-bit millisecond timestamp + 80 random bits, written as 26 Crockford base32 characters.
 * Prometheus names every block directory with one; ULIDs sort by creation time.
 *
 * <p>Spec: https://github.com/ulid/spec. Parsing is strict about length and alphabet (Go's
 * {@code oklog/ulid} accepts lower case, so we do too) and rejects values overflowing 128 bits.
 */
public record Ulid(long msb, long lsb) implements Comparable<Ulid> {
  private static final char[] ENCODING = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final byte[] DECODING = new byte[128];
  private static final Random RANDOM = new SecureRandom();

  static {
    java.util.Arrays.fill(DECODING, (byte) -1);
    for (int i = 0; i < ENCODING.length; i++) {
      DECODING[ENCODING[i]] = (byte) i;
      DECODING[Character.toLowerCase(ENCODING[i])] = (byte) i;
    }
  }

  /** A new ULID for the given time with fresh random bits. */
  public static Ulid generate(long timestampMillis) {
    return generate(timestampMillis, RANDOM);
  }

  public static Ulid generate(long timestampMillis, Random random) {
    if (timestampMillis < 0 || timestampMillis > 0xFFFF_FFFF_FFFFL) {
      throw new IllegalArgumentException("ULID timestamp out of range: " + timestampMillis);
    }
    long msb = (timestampMillis << 16) | (random.nextLong() & 0xFFFFL);
    return new Ulid(msb, random.nextLong());
  }

  /**
   * Parses a 26-character ULID.
   *
   * @throws IllegalArgumentException naming the offending input
   */
  public static Ulid parse(String s) {
    if (s == null || s.length() != 26) {
      throw new IllegalArgumentException("invalid ULID " + (s == null ? "null" : GoQuote.quote(s))
          + ": want 26 characters");
    }
    if (value(s, 0) > 7) {
      throw new IllegalArgumentException("invalid ULID " + GoQuote.quote(s) + ": overflows 128 bits");
    }
    long hi = 0;
    long lo = 0;
    // 26 chars x 5 bits = 130 bits; the first char carries only 3.
    for (int i = 0; i < 26; i++) {
      int v = value(s, i);
      hi = (hi << 5) | (lo >>> 59);
      lo = (lo << 5) | v;
    }
    return new Ulid(hi, lo);
  }

  public static boolean isValid(String s) {
    try {
      parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int value(String s, int i) {
    char c = s.charAt(i);
    int v = c < 128 ? DECODING[c] : -1;
    if (v < 0) {
      throw new IllegalArgumentException("invalid ULID " + GoQuote.quote(s) + ": bad character '" + c
          + "' at position " + i);
    }
    return v;
  }

  public long timestampMillis() {
    return msb >>> 16;
  }

  @Override
  public int compareTo(Ulid o) {
    int c = Long.compareUnsigned(msb, o.msb);
    return c != 0 ? c : Long.compareUnsigned(lsb, o.lsb);
  }

  @Override
  public String toString() {
    char[] out = new char[26];
    long hi = msb;
    long lo = lsb;
    for (int i = 25; i >= 0; i--) {
      out[i] = ENCODING[(int) (lo & 31)];
      lo = (lo >>> 5) | (hi << 59);
      hi >>>= 5;
    }
    return new String(out);
  }
}
