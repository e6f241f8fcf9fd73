package io.strata.promql.ast;

import java.nio.charset.StandardCharsets;

/**
 * A half-open range {@code [start, end)} of character indexes into the query text.
 *
 * <p>Prometheus counts positions in UTF-8 bytes; {@link #lineColumn(String)} converts to Prometheus'
 * {@code line:col} form (1-based line, 1-based byte column) so that messages match for non-ASCII input too.
 */
public record PositionRange(int start, int end) {
  public static final PositionRange NONE = new PositionRange(-1, -1);

  public PositionRange merge(PositionRange other) {
    return new PositionRange(start, other.end);
  }

  /**
   * Prometheus' {@code StartPosInput}: {@code line:col} of {@link #start()} in {@code query}, or
   * {@code unknown position} / {@code invalid position}.
   */
  public String lineColumn(String query) {
    return lineColumn(query, 0);
  }

  /** As {@link #lineColumn(String)}, adding {@code lineOffset} to the line number. */
  public String lineColumn(String query, int lineOffset) {
    if (query == null || query.isEmpty()) {
      return "unknown position";
    }
    if (start < 0 || start > query.length()) {
      return "invalid position";
    }
    int line = lineOffset + 1;
    int lineStart = 0;
    for (int i = 0; i < start; i++) {
      if (query.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = query.substring(lineStart, start).getBytes(StandardCharsets.UTF_8).length + 1;
    return line + ":" + column;
  }
}
