package io.strata.store.dedup;

import java.util.Locale;

/** How replicas of a series are merged; the querier's {@code --deduplication.func}. */
public enum DedupAlgorithm {
  /** Follow one replica, switch on gaps ({@link PenaltyDedupIterator}); for HA pairs scraping on their own. */
  PENALTY,
  /** Merge by timestamp, 1:1 ({@link ChainSampleIterator}); for replicas holding identical samples. */
  CHAIN;

  /** Parses the flag value {@code penalty} or {@code chain} (the Thanos default when empty: penalty). */
  public static DedupAlgorithm parse(String s) {
    if (s == null || s.isEmpty()) {
      return PENALTY;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "penalty" -> PENALTY;
      case "chain" -> CHAIN;
      default -> throw new IllegalArgumentException("unknown deduplication algorithm " + s + " (penalty or chain)");
    };
  }
}
