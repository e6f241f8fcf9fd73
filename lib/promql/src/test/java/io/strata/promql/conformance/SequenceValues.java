package io.strata.promql.conformance;

import io.strata.promql.parser.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands promqltest value sequences: {@code 1 2 _ stale 0+10x3 5x2 _x4 1-2x4 {{...}}}. Arithmetic is
 * repeated float addition, as in Prometheus' series description parser.
 */
final class SequenceValues {
  /** Marks a native histogram value, which the float engine cannot load. */
  static final double HISTOGRAM = Double.longBitsToDouble(0x7ff8dead0000beefL);
  static final long STALE_BITS = 0x7ff0000000000002L;
  static final double STALE = Double.longBitsToDouble(STALE_BITS);
  /** A missing value ({@code _}). */
  static final Double OMITTED = null;

  private static final String NUM = "(?:[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\\.|[Ii][Nn][Ff]|[Nn][Aa][Nn])";
  private static final Pattern ITEM = Pattern.compile(
      "^([+-]?" + NUM + ")(?:([+-])(" + NUM + ")x([0-9]+)|x([0-9]+))?$");
  private static final Pattern BLANKS = Pattern.compile("^_(?:x([0-9]+))?$");
  private static final Pattern STALE_ITEM = Pattern.compile("^stale(?:x([0-9]+))?$");

  private SequenceValues() {}

  /** Splits into items, keeping {@code {{...}}} histograms (which contain spaces) whole. */
  static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      int depth = 0;
      while (i < n) {
        char c = s.charAt(i);
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        } else if (Character.isWhitespace(c) && depth == 0) {
          break;
        }
        i++;
      }
      out.add(s.substring(start, i));
    }
    return out;
  }

  /** Expands a sequence; {@code null} entries are omitted values. */
  static List<Double> expand(String s) {
    List<Double> out = new ArrayList<>();
    for (String item : tokenize(s)) {
      if (item.startsWith("{{")) {
        int x = item.lastIndexOf("}}");
        String rest = item.substring(x + 2);
        int copies = 1;
        if (rest.startsWith("x")) {
          copies = Integer.parseInt(rest.substring(1)) + 1;
        } else if (!rest.isEmpty()) {
          // {{A}}+{{B}}xN: find the repetition count at the end.
          Matcher m = Pattern.compile("x([0-9]+)$").matcher(item);
          copies = m.find() ? Integer.parseInt(m.group(1)) + 1 : 1;
        }
        for (int k = 0; k < copies; k++) {
          out.add(HISTOGRAM);
        }
        continue;
      }
      Matcher b = BLANKS.matcher(item);
      if (b.matches()) {
        int copies = b.group(1) == null ? 1 : Integer.parseInt(b.group(1));
        for (int k = 0; k < copies; k++) {
          out.add(OMITTED);
        }
        continue;
      }
      Matcher st = STALE_ITEM.matcher(item);
      if (st.matches()) {
        int copies = st.group(1) == null ? 1 : Integer.parseInt(st.group(1)) + 1;
        for (int k = 0; k < copies; k++) {
          out.add(STALE);
        }
        continue;
      }
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad sequence item " + item + " in " + s);
      }
      double a = Numbers.parse(m.group(1));
      if (m.group(2) != null) {
        double delta = Numbers.parse(m.group(3));
        if (m.group(2).equals("-")) {
          delta = -delta;
        }
        int times = Integer.parseInt(m.group(4));
        double v = a;
        for (int k = 0; k <= times; k++) {
          out.add(v);
          v += delta;
        }
      } else if (m.group(5) != null) {
        int times = Integer.parseInt(m.group(5));
        for (int k = 0; k <= times; k++) {
          out.add(a);
        }
      } else {
        out.add(a);
      }
    }
    return out;
  }

  static boolean isHistogram(Double v) {
    return v != null && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(HISTOGRAM);
  }
}
