package io.strata.tools.openmetrics;

import java.io.IOException;

/** The input is not valid OpenMetrics; the message names the file, line and column. */
public final class OpenMetricsSyntaxException extends IOException {
  private final String file;
  private final long line;

  public OpenMetricsSyntaxException(String file, long line, int column, String problem) {
    super(file + ":" + line + (column > 0 ? ":" + column : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }
}
