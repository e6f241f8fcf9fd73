/**
 * A hand-written PromQL lexer and recursive-descent (Pratt) parser for the language of Prometheus 3.x,
 * with Prometheus' error messages and positions ({@code 1:5: parse error: unexpected ...}).
 *
 * <p>The lexer follows the states of Prometheus' {@code promql/parser/lex.go} (statements, inside braces,
 * inside brackets) so that it accepts the same tokens and fails with the same messages; the parser follows the
 * precedences of {@code generated_parser.y}. Type checking happens after a successful parse, as in Prometheus.
 * Nesting depth and query length are bounded so that no input can exhaust the stack or the heap.
 */
package io.strata.promql.parser;
