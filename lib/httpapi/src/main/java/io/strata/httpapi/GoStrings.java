package io.strata.httpapi;

import io.strata.model.GoQuote;

/** Go's {@code %q} for error messages, so they read exactly like Prometheus's. */
final class GoStrings {
  private GoStrings() {}

  static String quote(String s) {
    return GoQuote.quote(s);
  }
}
