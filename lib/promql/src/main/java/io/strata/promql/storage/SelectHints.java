package io.strata.promql.storage;

import java.util.List;

/**
 * What the engine will do with selected series, as Prometheus' {@code storage.SelectHints}.
 *
 * @param start earliest sample time needed (ms)
 * @param end latest sample time needed (ms)
 * @param step query resolution (ms), 0 for instant queries
 * @param range range of the enclosing range selector (ms), 0 for instant selectors
 * @param func the function or aggregation applied to the selector, or {@code ""}
 * @param by whether {@code grouping} lists labels kept (by) or removed (without)
 * @param grouping the labels of the enclosing aggregation
 */
public record SelectHints(long start, long end, long step, long range, String func, boolean by,
    List<String> grouping) {}
