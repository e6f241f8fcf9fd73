package io.strata.httpapi;

import java.time.Duration;
import java.util.List;

/**
 * Server-side settings of the API, named after the Thanos querier flags they come from.
 *
 * @param timeout the longest a query may run ({@code --query.timeout=2m}); a request's {@code timeout} can only
 *     shorten it
 * @param maxConcurrent queries ({@code query}, {@code query_range}) evaluated at once; more wait for a slot
 *     until their timeout ({@code --query.max-concurrent=20}); 0 for no limit
 * @param defaultStep the step of a range query without {@code step}: {@code max(range/250, defaultStep)}
 *     ({@code --query.default-step=1s}); null to require {@code step} as Prometheus does
 * @param lookbackDelta the configured lookback ({@code --query.lookback-delta}); zero when unset (engine default)
 * @param dynamicLookbackDelta grow the lookback with the downsampling resolution read, as Thanos does (hidden
 *     {@code --query.dynamic-lookback-delta=true})
 * @param partialResponse the default of {@code partial_response} ({@code --query.partial-response}, true)
 * @param replicaLabels the default of {@code replicaLabels[]} ({@code --query.replica-label})
 * @param autoDownsampling read downsampled data at {@code step/5} when {@code max_source_resolution} is absent
 *     ({@code --query.auto-downsampling=false})
 * @param instantMaxSourceResolution {@code max_source_resolution} of instant queries without the parameter
 *     ({@code --query.instant.default.max_source_resolution=0s})
 * @param buildInfo what {@code /api/v1/status/buildinfo} reports
 */
public record ApiConfig(Duration timeout, int maxConcurrent, Duration defaultStep, Duration lookbackDelta,
    boolean dynamicLookbackDelta, boolean partialResponse, List<String> replicaLabels, boolean autoDownsampling,
    Duration instantMaxSourceResolution, BuildInfo buildInfo) {

  private static final long RES_5M = 300_000L;
  private static final long RES_1H = 3_600_000L;

  public ApiConfig {
    replicaLabels = List.copyOf(replicaLabels);
    lookbackDelta = lookbackDelta == null ? Duration.ZERO : lookbackDelta;
    instantMaxSourceResolution = instantMaxSourceResolution == null ? Duration.ZERO : instantMaxSourceResolution;
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("query timeout must be positive, got " + timeout);
    }
    if (maxConcurrent < 0) {
      throw new IllegalArgumentException("max concurrent queries must not be negative, got " + maxConcurrent);
    }
  }

  /** Thanos querier defaults, with no replica labels. */
  public static ApiConfig defaults() {
    return new ApiConfig(Duration.ofMinutes(2), 20, Duration.ofSeconds(1), Duration.ZERO, true, true, List.of(), false,
        Duration.ZERO, BuildInfo.current());
  }

  public ApiConfig withReplicaLabels(List<String> labels) {
    return new ApiConfig(timeout, maxConcurrent, defaultStep, lookbackDelta, dynamicLookbackDelta, partialResponse,
        labels, autoDownsampling, instantMaxSourceResolution, buildInfo);
  }

  public ApiConfig withPartialResponse(boolean v) {
    return new ApiConfig(timeout, maxConcurrent, defaultStep, lookbackDelta, dynamicLookbackDelta, v, replicaLabels,
        autoDownsampling, instantMaxSourceResolution, buildInfo);
  }

  public ApiConfig withTimeout(Duration v) {
    return new ApiConfig(v, maxConcurrent, defaultStep, lookbackDelta, dynamicLookbackDelta, partialResponse,
        replicaLabels, autoDownsampling, instantMaxSourceResolution, buildInfo);
  }

  public ApiConfig withMaxConcurrent(int v) {
    return new ApiConfig(timeout, v, defaultStep, lookbackDelta, dynamicLookbackDelta, partialResponse, replicaLabels,
        autoDownsampling, instantMaxSourceResolution, buildInfo);
  }

  public ApiConfig withDefaultStep(Duration v) {
    return new ApiConfig(timeout, maxConcurrent, v, lookbackDelta, dynamicLookbackDelta, partialResponse, replicaLabels,
        autoDownsampling, instantMaxSourceResolution, buildInfo);
  }

  /**
   * The lookback for a query reading up to {@code maxSourceResolutionMillis} (Thanos's
   * {@code LookbackDeltaFactory}): with dynamic lookback, reading 5m-downsampled data needs at least 5m and
   * 1h-downsampled data at least 1h, since their points are that far apart. Zero means the engine default.
   */
  public Duration lookbackFor(long maxSourceResolutionMillis) {
    long configured = lookbackDelta.toMillis();
    if (!dynamicLookbackDelta) {
      return lookbackDelta;
    }
    if (Math.max(RES_5M, configured) < maxSourceResolutionMillis) {
      return Duration.ofMillis(Math.max(configured, RES_1H));
    }
    if (Math.max(0, configured) < maxSourceResolutionMillis) {
      return Duration.ofMillis(Math.max(configured, RES_5M));
    }
    return lookbackDelta;
  }
}
