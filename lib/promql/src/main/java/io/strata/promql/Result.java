package io.strata.promql;

/**
 * A successful evaluation: the value, the warnings/infos gathered on the way, and statistics.
 *
 * @param peakSamples the most samples (window points and step values) the query held in memory at once, the
 *     quantity limited by {@link EngineOptions#maxSamples()} (Prometheus' {@code peakSamples} statistic)
 */
public record Result(Value value, Annotations annotations, long peakSamples) {}
