package io.strata.tools.openmetrics;

import io.strata.model.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streaming parser of the OpenMetrics text format, line by line over a reused byte buffer.
 *
 * <p>It accepts what Prometheus's OpenMetrics parser accepts (model/textparse/openmetricslex.l): every
 * line ends in {@code \n}; {@code # HELP}, {@code # TYPE} and {@code # UNIT} lines; samples
 * {@code name{l="v",...} value [timestamp] [# {exemplar labels} value [timestamp]]} with single spaces;
 * no other comments, no blank lines; the input ends with {@code # EOF}. Samples expose the raw bytes of
 * {@code name{labels}} so callers can recognise a series already seen without decoding its labels.
 */
public final class OpenMetricsParser {
  /** What the last {@link #next()} found. */
  public enum Entry { SERIES, HELP, TYPE, UNIT, EOF }

  private static final int EXEMPLAR_MAX_RUNES = 128;

  private final String file;
  private final InputStream in;
  private byte[] buf = new byte[1 << 22];
  private int pos;
  private int limit;
  private boolean eofInput;
  private long line;

  private int lineStart;
  private int lineEnd;
  private int seriesEnd;
  private int nameEnd;
  private double value;
  private long timestamp;
  private boolean hasTimestamp;
  private String metaName;
  private String metaText;
  private boolean sawEof;

  public OpenMetricsParser(String file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** Line number (1-based) of the current entry. */
  public long line() {
    return line;
  }

  public String file() {
    return file;
  }

  /**
   * Advances to the next entry.
   *
   * @throws OpenMetricsSyntaxException naming file, line and column
   */
  public Entry next() throws IOException {
    if (sawEof) {
      throw error(0, "read past # EOF");
    }
    if (!nextLine()) {
      throw error(0, "data does not end with # EOF");
    }
    byte first = buf[lineStart];
    if (first == '#') {
      return comment();
    }
    sample();
    return Entry.SERIES;
  }

  /** Finds the next {@code \n}-terminated line; returns false at end of input. */
  private boolean nextLine() throws IOException {
    while (true) {
      int nl = indexOf((byte) '\n', pos, limit);
      if (nl >= 0) {
        lineStart = pos;
        lineEnd = nl;
        pos = nl + 1;
        line++;
        if (lineEnd == lineStart) {
          throw error(1, "unexpected empty line");
        }
        return true;
      }
      if (eofInput) {
        if (pos < limit) {
          // A last line without newline is only legal as "# EOF".
          lineStart = pos;
          lineEnd = limit;
          pos = limit;
          line++;
          if (isEofLine()) {
            return true;
          }
          throw error(lineEnd - lineStart + 1, "data does not end with # EOF (last line has no newline)");
        }
        return false;
      }
      fill();
    }
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eofInput = true;
    } else {
      limit += n;
    }
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private int indexOf(byte c, int from, int to) {
    return indexOf(buf, c, from, to);
  }

  private boolean isEofLine() {
    return lineEnd - lineStart == 5 && startsWith("# EOF", lineStart);
  }

  private boolean startsWith(String s, int at) {
    if (at + s.length() > lineEnd) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (buf[at + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private Entry comment() throws IOException {
    if (isEofLine()) {
      // Nothing may follow # EOF.
      while (pos == limit && !eofInput) {
        fill();
      }
      if (pos < limit) {
        line++;
        throw error(1, "unexpected data after # EOF");
      }
      sawEof = true;
      return Entry.EOF;
    }
    Entry kind;
    if (startsWith("# HELP ", lineStart)) {
      kind = Entry.HELP;
    } else if (startsWith("# TYPE ", lineStart)) {
      kind = Entry.TYPE;
    } else if (startsWith("# UNIT ", lineStart)) {
      kind = Entry.UNIT;
    } else {
      throw error(1, "invalid comment: only # HELP, # TYPE, # UNIT and # EOF are allowed in OpenMetrics");
    }
    int i = lineStart + 7;
    int nameStart = i;
    i = metricName(i);
    if (i == nameStart) {
      throw error(i - lineStart + 1, "expected metric name after " + kind.name());
    }
    metaName = new String(buf, nameStart, i - nameStart, StandardCharsets.US_ASCII);
    if (i >= lineEnd || buf[i] != ' ') {
      throw error(i - lineStart + 1, "expected text in " + kind.name());
    }
    metaText = utf8(i + 1, lineEnd, "text");
    if (kind == Entry.TYPE) {
      switch (metaText) {
        case "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown" -> { }
        default -> throw error(i + 2 - lineStart, "invalid metric type \"" + metaText + "\"");
      }
    } else if (kind == Entry.UNIT && !metaText.isEmpty()
        && !(metaName.endsWith("_" + metaText))) {
      throw error(i + 2 - lineStart, "unit not a suffix of metric \"" + metaName + "\"");
    }
    return kind;
  }

  private void sample() throws IOException {
    int i = metricName(lineStart);
    if (i == lineStart) {
      throw error(1, "expected metric name at the start of a sample line");
    }
    nameEnd = i;
    if (i < lineEnd && buf[i] == '{') {
      i = labels(i + 1, false);
    }
    seriesEnd = i;
    int valueStart = expectSpaceThenToken(i, "value");
    int valueEnd = tokenEnd(valueStart);
    value = parseFloat(valueStart, valueEnd, "value");
    i = valueEnd;
    hasTimestamp = false;
    if (i < lineEnd && startsWith(" # {", i)) {
      exemplar(i + 4);
      return;
    }
    if (i < lineEnd) {
      int tsStart = expectSpaceThenToken(i, "timestamp");
      int tsEnd = tokenEnd(tsStart);
      double seconds = parseFloat(tsStart, tsEnd, "timestamp");
      if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        throw error(tsStart - lineStart + 1, "invalid timestamp");
      }
      // Prometheus converts with int64(seconds * 1000): a float product truncated toward zero.
      timestamp = (long) (seconds * 1000);
      hasTimestamp = true;
      i = tsEnd;
      if (i < lineEnd) {
        if (!startsWith(" # {", i)) {
          throw error(i - lineStart + 1, "expected next entry after timestamp");
        }
        exemplar(i + 4);
      }
    }
  }

  private void exemplar(int i) throws IOException {
    String name = new String(buf, lineStart, nameEnd - lineStart, StandardCharsets.US_ASCII);
    if (!name.endsWith("_total") && !name.endsWith("_bucket")) {
      throw error(i - lineStart, "metric name " + name + " does not support exemplars");
    }
    int labelsStart = i;
    i = labels(i, true);
    int runes = new String(buf, labelsStart, i - 1 - labelsStart, StandardCharsets.UTF_8)
        .codePointCount(0, i - 1 - labelsStart);
    if (runes > EXEMPLAR_MAX_RUNES) {
      throw error(labelsStart - lineStart, "exemplar labels have " + runes + " runes, exceeding the limit of "
          + EXEMPLAR_MAX_RUNES);
    }
    int vs = expectSpaceThenToken(i, "exemplar value");
    int ve = tokenEnd(vs);
    parseFloat(vs, ve, "exemplar value");
    i = ve;
    if (i < lineEnd) {
      int ts = expectSpaceThenToken(i, "exemplar timestamp");
      int te = tokenEnd(ts);
      double t = parseFloat(ts, te, "exemplar timestamp");
      if (Double.isNaN(t) || Double.isInfinite(t)) {
        throw error(ts - lineStart + 1, "invalid exemplar timestamp");
      }
      if (te != lineEnd) {
        throw error(te - lineStart + 1, "expected end of line after exemplar timestamp");
      }
    }
  }

  private int metricName(int i) {
    if (i < lineEnd && isNameStart(buf[i], true)) {
      i++;
      while (i < lineEnd && (isNameStart(buf[i], true) || isDigit(buf[i]))) {
        i++;
      }
    }
    return i;
  }

  /** Scans {@code name="value",...}} from just after the brace; returns the index after the closing brace. */
  private int labels(int i, boolean exemplar) throws IOException {
    boolean first = true;
    while (true) {
      if (i >= lineEnd) {
        throw error(i - lineStart + 1, "unterminated label set");
      }
      if (buf[i] == '}') {
        return i + 1;
      }
      if (!first) {
        if (buf[i] != ',') {
          throw error(i - lineStart + 1, "expected comma or closing brace in label set");
        }
        i++;
      }
      int ns = i;
      if (i < lineEnd && isNameStart(buf[i], false)) {
        i++;
        while (i < lineEnd && (isNameStart(buf[i], false) || isDigit(buf[i]))) {
          i++;
        }
      }
      if (i == ns) {
        throw error(i - lineStart + 1, "expected label name" + (first ? " or closing brace" : ""));
      }
      if (i >= lineEnd || buf[i] != '=') {
        throw error(i - lineStart + 1, "expected equal sign after label name");
      }
      i++;
      if (i >= lineEnd || buf[i] != '"') {
        throw error(i - lineStart + 1, "expected quoted label value");
      }
      i = quotedEnd(i + 1);
      first = false;
    }
  }

  /** Index after the closing quote of a label value starting at {@code i} (just after the opening quote). */
  private int quotedEnd(int i) throws IOException {
    while (i < lineEnd) {
      byte c = buf[i];
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '"') {
        return i + 1;
      }
      i++;
    }
    throw error(i - lineStart + 1, "unterminated label value");
  }

  private int expectSpaceThenToken(int i, String what) throws IOException {
    if (i >= lineEnd || buf[i] != ' ' || i + 1 >= lineEnd || buf[i + 1] == ' ') {
      throw error(i - lineStart + 1, "expected a single space and a " + what);
    }
    return i + 1;
  }

  private int tokenEnd(int i) {
    while (i < lineEnd && buf[i] != ' ') {
      i++;
    }
    return i;
  }

  private double parseFloat(int from, int to, String what) throws IOException {
    try {
      return FloatParser.parse(buf, from, to);
    } catch (NumberFormatException e) {
      throw error(from - lineStart + 1, "invalid " + what + " \"" + new String(buf, from, to - from,
          StandardCharsets.UTF_8) + "\"");
    }
  }

  private String utf8(int from, int to, String what) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(buf, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      throw error(from - lineStart + 1, what + " is not valid UTF-8");
    }
  }

  private static boolean isNameStart(byte c, boolean colon) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private OpenMetricsSyntaxException error(int column, String problem) {
    return new OpenMetricsSyntaxException(file, line, column, problem);
  }

  // --- accessors for the current SERIES entry ---

  /** The buffer holding the current line; valid until the next call to {@link #next()}. */
  public byte[] seriesBytes() {
    return buf;
  }

  /** Start of {@code name{labels}} in {@link #seriesBytes()}. */
  public int seriesStart() {
    return lineStart;
  }

  public int seriesEnd() {
    return seriesEnd;
  }

  public double value() {
    return value;
  }

  public boolean hasTimestamp() {
    return hasTimestamp;
  }

  /** Timestamp in milliseconds. */
  public long timestamp() {
    return timestamp;
  }

  /** Name of the metric of the current HELP/TYPE/UNIT entry. */
  public String metaName() {
    return metaName;
  }

  public String metaText() {
    return metaText;
  }

  /**
   * Decodes the labels of the current sample, with {@code __name__}; values are unescaped
   * ({@code \\}, {@code \"}, {@code \n}) and must be valid UTF-8; names must not repeat.
   */
  public Labels labels() throws IOException {
    Labels.Builder b = Labels.builder();
    b.set(Labels.METRIC_NAME, new String(buf, lineStart, nameEnd - lineStart, StandardCharsets.US_ASCII));
    int i = nameEnd;
    if (i < seriesEnd && buf[i] == '{') {
      i++;
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (buf[i] != '}') {
        if (buf[i] == ',') {
          i++;
        }
        int ns = i;
        while (buf[i] != '=') {
          i++;
        }
        String name = new String(buf, ns, i - ns, StandardCharsets.US_ASCII);
        int vs = i + 2;
        int ve = quotedEnd(vs) - 1;
        String raw = utf8(vs, ve, "label value of " + name);
        if (!seen.add(name) || name.equals(Labels.METRIC_NAME)) {
          throw error(ns - lineStart + 1, "label name \"" + name + "\" is not unique");
        }
        b.set(name, unescape(raw));
        i = ve + 1;
      }
    }
    return b.build();
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == '\\' || n == '"') {
          out.append(n);
          i++;
          continue;
        }
        if (n == 'n') {
          out.append('\n');
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
