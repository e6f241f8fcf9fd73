/**
 * The StoreAPI over TSDB blocks in this process ({@link io.strata.store.tsdb.TsdbStore}): what a receiver
 * serves, and the reference store of the acceptance suite. Series are read lazily from each block with
 * their external labels attached and merged across blocks in label order; attaching labels can reorder
 * series, and the per-block series sets here restore the order while holding as little as possible.
 */
package io.strata.store.tsdb;
