/**
 * The vocabulary every Strata module shares: label sets ({@link io.strata.model.Labels}), label
 * matchers with Prometheus semantics ({@link io.strata.model.LabelMatcher}) and block identifiers
 * ({@link io.strata.model.Ulid}).
 *
 * <p>Ordering everywhere is Go's string ordering, i.e. unsigned byte order of the UTF-8 encoding,
 * because that is the order Prometheus writes into blocks and the StoreAPI streams series in. Java's
 * {@code String.compareTo} differs for supplementary characters, so nothing here uses it.
 */
package io.strata.model;
