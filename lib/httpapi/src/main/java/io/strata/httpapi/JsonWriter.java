package io.strata.httpapi;

import io.strata.model.GoFloat;
import io.strata.model.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON the way Prometheus's jsoniter codec ({@code ConfigCompatibleWithStandardLibrary}) writes it, so
 * responses match Prometheus byte for byte: no whitespace, strings escaped like Go's {@code encoding/json}
 * (HTML characters as {@code \u003c}, U+2028/U+2029 escaped, invalid UTF-16 replaced by U+FFFD), sample values
 * as quoted Go floats and timestamps as seconds with exactly the millisecond digits needed
 * ({@code jsonutil.MarshalTimestamp}). Commas are placed automatically. Not thread-safe.
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder b = new StringBuilder(256);
  private boolean[] hasElement = new boolean[16];
  private int depth;
  private boolean afterName;

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      if (hasElement[depth]) {
        b.append(',');
      }
      hasElement[depth] = true;
    }
  }

  private void push() {
    depth++;
    if (depth >= hasElement.length) {
      hasElement = java.util.Arrays.copyOf(hasElement, hasElement.length * 2);
    }
    hasElement[depth] = false;
  }

  public JsonWriter beginObject() {
    beforeValue();
    b.append('{');
    push();
    return this;
  }

  public JsonWriter endObject() {
    depth--;
    b.append('}');
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    b.append('[');
    push();
    return this;
  }

  public JsonWriter endArray() {
    depth--;
    b.append(']');
    return this;
  }

  /** An object member's name; the next value written is its value. */
  public JsonWriter name(String name) {
    beforeValue();
    appendString(name);
    b.append(':');
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    beforeValue();
    if (s == null) {
      b.append("null");
    } else {
      appendString(s);
    }
    return this;
  }

  public JsonWriter value(long v) {
    beforeValue();
    b.append(v);
    return this;
  }

  public JsonWriter value(boolean v) {
    beforeValue();
    b.append(v);
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    b.append("null");
    return this;
  }

  /** A float64 as Go's {@code encoding/json} writes a number ({@code 'f'}, or {@code 'e'} outside [1e-6, 1e21)). */
  public JsonWriter goNumber(double v) {
    beforeValue();
    b.append(goJsonFloat(v));
    return this;
  }

  /** A sample timestamp: {@code 1435781451.781}, {@code 1435781451.005}, {@code 1435781451}, {@code -1.500}. */
  public JsonWriter timestamp(long millis) {
    beforeValue();
    long t = millis;
    if (t < 0) {
      b.append('-');
      t = -t; // Long.MIN_VALUE stays negative, exactly as Go's int64 negation wraps
    }
    b.append(t / 1000);
    long frac = t % 1000;
    if (frac != 0) {
      b.append('.');
      if (frac < 100) {
        b.append('0');
      }
      if (frac < 10) {
        b.append('0');
      }
      b.append(frac);
    }
    return this;
  }

  /** A sample value: quoted shortest Go float ({@code "1"}, {@code "1e+21"}, {@code "NaN"}, {@code "+Inf"}). */
  public JsonWriter sampleValue(double v) {
    beforeValue();
    b.append('"').append(GoFloat.formatSample(v)).append('"');
    return this;
  }

  /** A label set as an object in label order: {@code {"__name__":"up","job":"x"}}. */
  public JsonWriter labels(Labels labels) {
    beginObject();
    for (int i = 0; i < labels.size(); i++) {
      name(labels.name(i)).value(labels.value(i));
    }
    return endObject();
  }

  /** Go's {@code encoding/json} float64 encoding. */
  static String goJsonFloat(double v) {
    double abs = Math.abs(v);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      String e = GoFloat.formatE(v);
      int n = e.length();
      // Go trims one leading zero of a negative two-digit exponent: 1e-07 -> 1e-7.
      if (n >= 4 && e.charAt(n - 4) == 'e' && e.charAt(n - 3) == '-' && e.charAt(n - 2) == '0') {
        e = e.substring(0, n - 2) + e.charAt(n - 1);
      }
      return e;
    }
    return GoFloat.formatF(v);
  }

  private void appendString(String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(c);
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            b.append("\\ufffd"); // what Go writes for invalid UTF-8
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private void unicodeEscape(char c) {
    b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
  }

  public byte[] toBytes() {
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
