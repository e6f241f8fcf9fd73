/** Local block tools: dumping samples like {@code promtool tsdb dump}. */
package io.strata.tools.block;
