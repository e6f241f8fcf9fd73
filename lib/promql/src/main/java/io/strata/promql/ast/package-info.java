/**
 * The PromQL abstract syntax tree: immutable records, one per node kind of Prometheus' grammar, and the
 * printer that turns a tree back into canonical PromQL (Prometheus' {@code String()} and
 * {@code format_query} prettifier).
 *
 * <p>Nodes carry their {@link io.strata.promql.ast.PositionRange} in the query text so that parse errors and
 * evaluation annotations can point at the offending sub-expression. Trees are never mutated: the engine
 * plans from them, and rewrites (as the conformance runner's {@code @} invariance check does) build new nodes.
 */
package io.strata.promql.ast;
