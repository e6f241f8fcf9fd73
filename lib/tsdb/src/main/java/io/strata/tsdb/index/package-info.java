/**
 * The block index (format v2): symbol table, series entries, postings lists, postings offset table
 * and TOC; plus postings algebra and matcher-to-postings resolution.
 *
 * <p>Format: docs/format/tsdb-block-format.md §4. The
 * writer follows Prometheus ≥ 3.7 (no legacy label index sections), which also satisfies the Thanos
 * store gateway's assumption that postings lists are contiguous and end where the offset table
 * begins.
 */
package io.strata.tsdb.index;
