package io.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LogfmtFormatterTest {
  private final LoggerContext lc = new LoggerContext();

  private String format(String logger, Level level, String message, Throwable t, Object... args) {
    LoggingEvent e = new LoggingEvent(getClass().getName(), lc.getLogger(logger), level, message, t, args);
    e.setTimeStamp(1_700_000_000_123L);
    return new LogfmtFormatter().format(e);
  }

  @Test
  void strataMessagesStayKeyValue() {
    assertThat(format("io.strata.store.bucket.BlockSyncer", Level.INFO, "msg=\"block sync done\" loaded={}", null, 3))
        .isEqualTo("ts=2023-11-14T22:13:20.123Z level=info caller=BlockSyncer msg=\"block sync done\" loaded=3\n");
  }

  @Test
  void otherMessagesAreQuoted() {
    assertThat(format("org.springframework.Boot", Level.WARN, "Started \"app\" in 1.2 s\nnext", null))
        .isEqualTo("ts=2023-11-14T22:13:20.123Z level=warn caller=Boot msg=\"Started \\\"app\\\" in 1.2 s\\nnext\"\n");
  }

  @Test
  void exceptionsAddErrAndTheStackTrace() {
    String s = format("x.Y", Level.ERROR, "msg=\"failed\"", new IllegalStateException("boom"));
    assertThat(s).startsWith("ts=2023-11-14T22:13:20.123Z level=error caller=Y msg=\"failed\" "
        + "err=\"java.lang.IllegalStateException: boom\"\njava.lang.IllegalStateException: boom");
    assertThat(s).contains("\tat io.strata.server.LogfmtFormatterTest");
  }
}
