/**
 * Replica deduplication for the querier, at the sample level (Thanos's {@code pkg/dedup}, described in
 * thanos-components.md §1.3): {@link io.strata.store.dedup.DedupSeriesSet} groups series that differ only
 * in replica labels, splits overlapping chunks into runs, and merges each group into one sample stream with
 * the {@code penalty} algorithm (default; with counter-reset protection for {@code rate}-like functions) or
 * the {@code chain} algorithm. Iterators expose primitives and allocate nothing per sample.
 */
package io.strata.store.dedup;
