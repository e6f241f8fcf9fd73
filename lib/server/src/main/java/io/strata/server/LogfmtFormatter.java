package io.strata.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * Console logs as logfmt, the way Thanos writes them: {@code ts=2026-01-02T03:04:05.678Z level=info
 * caller=BlockSyncer msg="block sync done" loaded=3}. Strata's own messages are already written as
 * {@code msg="..." key=value} and are kept as they are; any other message (from Spring, Netty, gRPC) is quoted
 * into {@code msg}. A stack trace follows on its own lines, where people read it. Selected by the default
 * {@code logging.structured.format.console}.
 */
public final class LogfmtFormatter implements StructuredLogFormatter<ILoggingEvent> {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  @Override
  public String format(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(160);
    b.append("ts=").append(TS.format(Instant.ofEpochMilli(event.getTimeStamp())));
    b.append(" level=").append(event.getLevel().toString().toLowerCase(Locale.ROOT));
    String logger = event.getLoggerName();
    b.append(" caller=").append(logger.substring(logger.lastIndexOf('.') + 1));
    String msg = event.getFormattedMessage();
    b.append(' ');
    if (msg != null && msg.startsWith("msg=")) {
      b.append(msg);
    } else {
      b.append("msg=");
      quote(b, msg == null ? "" : msg);
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      b.append(" err=");
      quote(b, t.getClassName() + ": " + t.getMessage());
      b.append('\n').append(ThrowableProxyUtil.asString(t));
    }
    return b.append('\n').toString();
  }

  /** Appends {@code s} as a logfmt quoted value. */
  static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    b.append('"');
  }
}
