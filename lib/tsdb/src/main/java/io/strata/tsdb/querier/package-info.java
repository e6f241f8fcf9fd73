/**
 * Selecting series from blocks: matchers and a time range in, series with their chunks out, in label
 * order, merged across blocks; and iterating a series' samples across its chunks.
 */
package io.strata.tsdb.querier;
