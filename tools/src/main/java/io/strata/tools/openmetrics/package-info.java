/**
 * Reading the OpenMetrics text format (as {@code promtool tsdb create-blocks-from openmetrics}
 * accepts it) and turning it into blocks.
 *
 * <p>Spec: https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md; the
 * accepted syntax mirrors Prometheus 2.x's OpenMetrics parser (model/textparse), including its
 * timestamp conversion {@code int64(seconds * 1000)}.
 */
package io.strata.tools.openmetrics;
