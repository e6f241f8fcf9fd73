package io.strata.promql;

import java.time.Duration;

/**
 * Per-query settings; zero values mean "use the engine's default".
 *
 * @param lookbackDelta how far back an instant vector selector looks for a sample (HTTP {@code lookback_delta})
 * @param timeout can only shorten the engine's timeout (HTTP {@code timeout})
 */
public record QueryOptions(Duration lookbackDelta, Duration timeout) {
  public static final QueryOptions DEFAULT = new QueryOptions(Duration.ZERO, Duration.ZERO);

  public QueryOptions {
    lookbackDelta = lookbackDelta == null ? Duration.ZERO : lookbackDelta;
    timeout = timeout == null ? Duration.ZERO : timeout;
  }

  public QueryOptions withLookbackDelta(Duration d) {
    return new QueryOptions(d, timeout);
  }

  public QueryOptions withTimeout(Duration d) {
    return new QueryOptions(lookbackDelta, d);
  }
}
