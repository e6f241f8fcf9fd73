/** Test support: the real Prometheus and promtool that compatibility tests run against. */
package io.strata.testing;
