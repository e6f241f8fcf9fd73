package io.strata.promql;

import io.strata.promql.parser.ParserOptions;
import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Engine-wide settings, with Prometheus' defaults.
 *
 * @param maxSamples the most samples a query may hold in memory at once (Prometheus {@code --query.max-samples})
 * @param timeout the longest a query may run ({@code --query.timeout})
 * @param lookbackDelta how far back instant selectors look ({@code --query.lookback-delta})
 * @param noStepSubqueryInterval the step of {@code [range:]} subqueries, given the range in milliseconds
 * @param delayedNameRemoval drop {@code __name__} at the end of evaluation instead of when a function is
 *     applied (Prometheus' {@code promql-delayed-name-removal} feature)
 * @param parserOptions what the parser accepts
 * @param maxPointsPerSeries the most steps a range query may have ({@code 11000} in Prometheus' HTTP API)
 */
public record EngineOptions(
    long maxSamples, Duration timeout, Duration lookbackDelta, LongUnaryOperator noStepSubqueryInterval,
    boolean delayedNameRemoval, ParserOptions parserOptions, int maxPointsPerSeries) {

  public static final long DEFAULT_MAX_SAMPLES = 50_000_000L;

  public static EngineOptions defaults() {
    return new EngineOptions(DEFAULT_MAX_SAMPLES, Duration.ofMinutes(2), Duration.ofMinutes(5), r -> 60_000L,
        false, ParserOptions.defaults(), 11_000);
  }

  public EngineOptions withMaxSamples(long v) {
    return new EngineOptions(v, timeout, lookbackDelta, noStepSubqueryInterval, delayedNameRemoval, parserOptions,
        maxPointsPerSeries);
  }

  public EngineOptions withTimeout(Duration v) {
    return new EngineOptions(maxSamples, v, lookbackDelta, noStepSubqueryInterval, delayedNameRemoval,
        parserOptions, maxPointsPerSeries);
  }

  public EngineOptions withLookbackDelta(Duration v) {
    return new EngineOptions(maxSamples, timeout, v, noStepSubqueryInterval, delayedNameRemoval, parserOptions,
        maxPointsPerSeries);
  }

  public EngineOptions withNoStepSubqueryInterval(LongUnaryOperator v) {
    return new EngineOptions(maxSamples, timeout, lookbackDelta, v, delayedNameRemoval, parserOptions,
        maxPointsPerSeries);
  }

  public EngineOptions withDelayedNameRemoval(boolean v) {
    return new EngineOptions(maxSamples, timeout, lookbackDelta, noStepSubqueryInterval, v, parserOptions,
        maxPointsPerSeries);
  }

  public EngineOptions withParserOptions(ParserOptions v) {
    return new EngineOptions(maxSamples, timeout, lookbackDelta, noStepSubqueryInterval, delayedNameRemoval, v,
        maxPointsPerSeries);
  }

  public EngineOptions withMaxPointsPerSeries(int v) {
    return new EngineOptions(maxSamples, timeout, lookbackDelta, noStepSubqueryInterval, delayedNameRemoval,
        parserOptions, v);
  }
}
