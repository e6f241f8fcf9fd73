/**
 * Blocks: a directory (or bucket prefix) holding {@code meta.json}, {@code index}, {@code chunks/} and
 * {@code tombstones}. Writers stream sorted series into a new block; readers open one through the
 * same interfaces the receiver's in-memory head will implement.
 *
 * <p>Format: docs/format/tsdb-block-format.md §2, §3, §6.
 */
package io.strata.tsdb.block;
